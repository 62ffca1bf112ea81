/**
 * The per-step elementwise work of each recurrence as fused kernels (see fused.ts): the forward
 * steps and their hand-derived backward steps. A `[T, B, F]` input is read at step `t` by offset.
 * Every kernel takes the attributes `B`, `H` and `t`. Arithmetic runs in float64 and is stored as
 * float32 (the composite path rounds after every op; the two agree to a few ulps). On wasm the
 * same steps run as WebAssembly SIMD kernels (simd/pointwise.wat, float32 arithmetic, a few ulps
 * from these loops), which take byte offsets: step t of a `[T, B, F]` tensor starts 4·t·B·F bytes in.
 * @module
 */
import type { FusedSpec } from './fused.js';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
/** tanh through one exp: about twice as fast as V8's Math.tanh, exact to ~1e-15 (far below float32). */
const tanh = (v: number): number => 1 - 2 / (1 + Math.exp(2 * v));
/** Rounds to float32 where the composite path would (sums of pre-activations, carried gradients). */
const f32 = Math.fround;
const bh = (a: { B?: number; H?: number }, k = 1): number[] => [a.B!, k * a.H!];

/**
 * LSTM forward step. Inputs: gh = h·W_hhᵀ `[B,4H]`, xp `[T,B,4H]`, c `[B,H]`.
 * Outputs: m = o ⊙ tanh(c') `[B,H]`, c' `[B,H]`, acts = (i, f, g, o) after activation `[B,4H]`.
 */
export const lstmStepSpec: FusedSpec = {
  name: 'SeqlabLstmStep',
  outShapes: (_, a) => [bh(a), bh(a), bh(a, 4)],
  run: ([gh, xp, c], [m, c1, acts], { B, H, t }) => {
    const G = 4 * H!;
    const off = t! * B! * G;
    for (let b = 0; b < B!; b++) {
      for (let j = 0; j < H!; j++) {
        const k = b * G + j;
        const i = sigmoid(f32(xp![off + k]! + gh![k]!));
        const f = sigmoid(f32(xp![off + k + H!]! + gh![k + H!]!));
        const g = tanh(f32(xp![off + k + 2 * H!]! + gh![k + 2 * H!]!));
        const o = sigmoid(f32(xp![off + k + 3 * H!]! + gh![k + 3 * H!]!));
        const s = b * H! + j;
        const cs = f32(f * c![s]! + i * g);
        c1![s] = cs;
        m![s] = o * tanh(cs);
        acts![k] = i;
        acts![k + H!] = f;
        acts![k + 2 * H!] = g;
        acts![k + 3 * H!] = o;
      }
    }
  },
  simd: (k, [gh, xp, c], [m, c1, acts], { B, H, t }) => k.lstm_step(gh!, xp! + 16 * t! * B! * H!, c!, m!, c1!, acts!, B!, H!),
};

/**
 * LSTM backward step. Inputs: dmA `[B,H]`, dY `[T,B,H]` (added at step t when attr `addDy` = 1),
 * dC `[T,B,H]`, dcNext `[B,H]` (used when attr `carry` = 1), acts `[T,B,4H]`, C `[T,B,H]`, c0 `[B,H]`.
 * Outputs: d(pre-activations) `[B,4H]`, dc_{t-1} `[B,H]`.
 */
export const lstmGradSpec: FusedSpec = {
  name: 'SeqlabLstmGrad',
  outShapes: (_, a) => [bh(a, 4), bh(a)],
  run: ([dmA, dY, dC, dcNext, acts, C, c0], [dpre, dcPrev], { B, H, t, addDy, carry }) => {
    const G = 4 * H!;
    const offS = t! * B! * H!;
    const offA = t! * B! * G;
    const prev = t! > 0 ? C! : c0!;
    const offP = t! > 0 ? (t! - 1) * B! * H! : 0;
    for (let b = 0; b < B!; b++) {
      for (let j = 0; j < H!; j++) {
        const s = b * H! + j;
        const k = b * G + j;
        const i = acts![offA + k]!;
        const f = acts![offA + k + H!]!;
        const g = acts![offA + k + 2 * H!]!;
        const o = acts![offA + k + 3 * H!]!;
        const tc = tanh(C![offS + s]!);
        const dm = addDy ? f32(dY![offS + s]! + dmA![s]!) : dmA![s]!;
        const dc = dC![offS + s]! + (carry ? dcNext![s]! : 0) + dm * o * (1 - tc * tc);
        dpre![k] = dc * g * i * (1 - i);
        dpre![k + H!] = dc * prev[offP + s]! * f * (1 - f);
        dpre![k + 2 * H!] = dc * i * (1 - g * g);
        dpre![k + 3 * H!] = dm * tc * o * (1 - o);
        dcPrev![s] = dc * f;
      }
    }
  },
  simd: (k, [dmA, dY, dC, dcNext, acts, C, c0], [dpre, dcPrev], { B, H, t, addDy, carry }) => {
    const offS = 4 * t! * B! * H!;
    const prev = t! > 0 ? C! + offS - 4 * B! * H! : c0!;
    k.lstm_grad(dmA!, dY! + offS, dC! + offS, dcNext!, acts! + 4 * offS, C! + offS, prev, dpre!, dcPrev!, B!, H!, addDy ? 1 : 0, carry ? 1 : 0);
  },
};

/**
 * GRU forward step. Inputs: gh = h·W_hhᵀ `[B,3H]`, bHh `[3H]`, xp `[T,B,3H]`, h `[B,H]`.
 * Outputs: h' `[B,H]`, acts = (r, z, n, W_hn h + b_hn) `[B,4H]`.
 */
export const gruStepSpec: FusedSpec = {
  name: 'SeqlabGruStep',
  outShapes: (_, a) => [bh(a), bh(a, 4)],
  run: ([gh, bias, xp, h], [h1, acts], { B, H, t }) => {
    const G = 3 * H!;
    const off = t! * B! * G;
    for (let b = 0; b < B!; b++) {
      for (let j = 0; j < H!; j++) {
        const k = b * G + j;
        const r = sigmoid(f32(xp![off + k]! + f32(gh![k]! + bias![j]!)));
        const z = sigmoid(f32(xp![off + k + H!]! + f32(gh![k + H!]! + bias![j + H!]!)));
        const ghn = f32(gh![k + 2 * H!]! + bias![j + 2 * H!]!);
        const n = f32(tanh(f32(xp![off + k + 2 * H!]! + f32(f32(r) * ghn))));
        const s = b * H! + j;
        h1![s] = n + z * (h![s]! - n);
        const a = b * 4 * H! + j;
        acts![a] = r;
        acts![a + H!] = z;
        acts![a + 2 * H!] = n;
        acts![a + 3 * H!] = ghn;
      }
    }
  },
  simd: (k, [gh, bias, xp, h], [h1, acts], { B, H, t }) => k.gru_step(gh!, bias!, xp! + 12 * t! * B! * H!, h!, h1!, acts!, B!, H!),
};

/**
 * GRU backward step. Inputs: dY `[T,B,H]`, carryA `[B,H]`, carryB `[B,H]` (both added when attr
 * `carry` = 1: the two parts of dh from step t+1), acts `[T,B,4H]`, Hall `[T,B,H]`, h0 `[B,H]`.
 * Outputs: d(gh) `[B,3H]`, d(xp) `[B,3H]`, the direct part of dh_{t-1} (dh ⊙ z) `[B,H]`.
 */
export const gruGradSpec: FusedSpec = {
  name: 'SeqlabGruGrad',
  outShapes: (_, a) => [bh(a, 3), bh(a, 3), bh(a)],
  run: ([dY, cA, cB, acts, Hall, h0], [dgh, dxp, dhd], { B, H, t, carry }) => {
    const G = 3 * H!;
    const offS = t! * B! * H!;
    const offA = t! * B! * 4 * H!;
    const prev = t! > 0 ? Hall! : h0!;
    const offP = t! > 0 ? (t! - 1) * B! * H! : 0;
    for (let b = 0; b < B!; b++) {
      for (let j = 0; j < H!; j++) {
        const s = b * H! + j;
        const a = offA + b * 4 * H! + j;
        const r = acts![a]!;
        const z = acts![a + H!]!;
        const n = acts![a + 2 * H!]!;
        const ghn = acts![a + 3 * H!]!;
        const dh = carry ? f32(dY![offS + s]! + f32(cA![s]! + cB![s]!)) : dY![offS + s]!;
        const dn = dh * (1 - z) * (1 - n * n);
        const dz = dh * (prev[offP + s]! - n) * z * (1 - z);
        const dr = dn * ghn * r * (1 - r);
        const k = b * G + j;
        dgh![k] = dr;
        dgh![k + H!] = dz;
        dgh![k + 2 * H!] = dn * r;
        dxp![k] = dr;
        dxp![k + H!] = dz;
        dxp![k + 2 * H!] = dn;
        dhd![s] = dh * z;
      }
    }
  },
  simd: (k, [dY, cA, cB, acts, Hall, h0], [dgh, dxp, dhd], { B, H, t, carry }) => {
    const offS = 4 * t! * B! * H!;
    const prev = t! > 0 ? Hall! + offS - 4 * B! * H! : h0!;
    k.gru_grad(dY! + offS, cA!, cB!, acts! + 4 * offS, prev, dgh!, dxp!, dhd!, B!, H!, carry ? 1 : 0);
  },
};

/** RNN forward step. Inputs: gh `[B,H]`, xp `[T,B,H]`; attr `relu`. Output: h'. */
export const rnnStepSpec: FusedSpec = {
  name: 'SeqlabRnnStep',
  outShapes: (_, a) => [bh(a)],
  run: ([gh, xp], [h1], { B, H, t, relu }) => {
    const n = B! * H!;
    const off = t! * n;
    for (let s = 0; s < n; s++) {
      const v = f32(xp![off + s]! + gh![s]!);
      h1![s] = relu ? (Math.max(v , 0)) : tanh(v);
    }
  },
  simd: (k, [gh, xp], [h1], { B, H, t, relu }) => k.rnn_step(gh!, xp! + 4 * t! * B! * H!, h1!, B! * H!, relu ? 1 : 0),
};

/** RNN backward step. Inputs: dY `[T,B,H]`, dhNext `[B,H]` (attr `carry`), Hall `[T,B,H]`; attr `relu`. Output: d(pre). */
export const rnnGradSpec: FusedSpec = {
  name: 'SeqlabRnnGrad',
  outShapes: (_, a) => [bh(a)],
  run: ([dY, dhNext, Hall], [dpre], { B, H, t, carry, relu }) => {
    const n = B! * H!;
    const off = t! * n;
    for (let s = 0; s < n; s++) {
      const dh = carry ? f32(dY![off + s]! + dhNext![s]!) : dY![off + s]!;
      const h = Hall![off + s]!;
      dpre![s] = dh * (relu ? (h > 0 ? 1 : 0) : 1 - h * h);
    }
  },
  simd: (k, [dY, dhNext, Hall], [dpre], { B, H, t, carry, relu }) => {
    const off = 4 * t! * B! * H!;
    k.rnn_grad(dY! + off, dhNext!, Hall! + off, dpre!, B! * H!, carry ? 1 : 0, relu ? 1 : 0);
  },
};

/** `a + X[t]` for a `[B,F]` and a `[T,B,F]` input (attr `N` = B·F): a step of the upstream gradient. */
export const addStepSpec: FusedSpec = {
  name: 'SeqlabAddStep',
  outShapes: ([a]) => [[...a!.shape]],
  run: ([a, X], [out], { t }) => {
    const n = a!.length;
    const off = t! * n;
    for (let s = 0; s < n; s++) out![s] = a![s]! + X![off + s]!;
  },
};
