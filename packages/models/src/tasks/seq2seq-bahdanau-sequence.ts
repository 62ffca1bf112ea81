/**
 * The teacher-forced Bahdanau decoder of {@link Seq2SeqAttention} (one GRU or LSTM layer) over all
 * target steps as ONE custom gradient, for the backends with fused recurrent kernels (cpu, wasm).
 *
 * Why: a Bahdanau step attends from the previous hidden state, so its RNN input depends on the
 * previous step and the steps cannot be batched as the Luong decoder's are. Written as T calls of
 * the per-step module code, tape-recorded autodiff runs ~250 small kernels per step and one
 * weight-gradient product per weight per step. Here each step forward is 5 products, the fused
 * additive score, a masked softmax and the fused cell kernel; the backward walks the steps once
 * (the fused cell backward, the additive-score backward, 5 products) and computes every weight
 * gradient after the loop as ONE product over all `T·N` rows. The per-step module code stays the
 * reference: tests compare the two.
 * @module
 */
import { additiveScores, additiveScoresGrad, softmaxBackward } from '@seqlab/attention';
import { mm, sumRows } from '@seqlab/core';
import { gruGradKernel, gruStepKernel, lstmGradKernel, lstmStepKernel, previousStates, sumOuter } from '@seqlab/recurrent';
import {
  add,
  cast,
  concat,
  customGrad,
  mul,
  reshape,
  softmax,
  split,
  stack,
  sub,
  transpose,
  unstack,
  zeros,
  type Tensor,
} from '@tensorflow/tfjs-core';

/** The differentiable inputs of {@link bahdanauSequence}. */
export interface BahdanauDecoderInputs {
  /** `e_t W_ieᵀ + b_ih` (GRU; LSTM: `+ b_hh` too) for every step `[T, N, G·H]`: the embedding columns of `W_ih`. */
  xe: Tensor;
  /** Initial hidden state `[N, H]`. */
  h0: Tensor;
  /** Initial cell state `[N, H]` (LSTM), else null. */
  c0: Tensor | null;
  /** Encoder outputs `[N, S, M]`: the attention's values. */
  memory: Tensor;
  /** The attention's projected keys `W_k k` `[N, S, A]`. */
  projected: Tensor;
  /** `query_layer.weight` `[A, H]`. */
  wq: Tensor;
  /** `energy_layer.weight` as `[A]`. */
  v: Tensor;
  /** The context columns of `W_ih` `[G·H, M]`. */
  wc: Tensor;
  /** `weight_hh` `[G·H, H]`. */
  whh: Tensor;
  /** `bias_hh` `[3H]` of a GRU (zeros for a cell without bias); null for an LSTM (its `b_hh` is in `xe`). */
  bhh: Tensor | null;
}

type Forward = (...args: unknown[]) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor[] };

/**
 * `[s_t; c_t]` for every step `[T, N, H + M]` (the input of the decoder's `combine` layer), where
 * `q = W_q s_{t-1}`, `a_t = softmax_mask(vᵀ tanh(q + W_k k_j))`, `c_t = Σ_j a_tj m_j` and
 * `s_t = cell(x_t W_ihᵀ + b_ih, s_{t-1})` with `x_t = [e_t; c_t]` (a GRU, or an LSTM when `c0` is
 * given); `keep` `[N, S]` bool is the source mask (no gradient; every row has a true entry).
 * Differentiable in every tensor of `inputs`. Needs the fused recurrent kernels (`fusedAvailable()`
 * of `@seqlab/recurrent`); call inside a tidy.
 */
export function bahdanauSequence(inputs: BahdanauDecoderInputs, keep: Tensor): Tensor {
  const { xe, h0, c0, memory, projected, wq, v, wc, whh, bhh } = inputs;
  const lstm = c0 !== null;
  const [T, N, GH] = xe.shape as [number, number, number];
  const H = h0.shape[1]!;
  const [, S, M] = memory.shape as [number, number, number];
  const A = projected.shape[2]!;
  // Masked scores get -1e9: exp underflows to exactly 0 there. Every row has a real source
  // token (Seq2SeqAttention checks lengths >= 1), so no row is fully masked.
  const maskBias = mul(sub(1, cast(reshape(keep, [N, 1, S]), 'float32')), -1e9);
  // The custom gradient's inputs: the shared ones, then the cell's own (c0 or b_hh).
  const args = [xe, h0, memory, projected, wq, v, wc, whh, lstm ? c0 : bhh ?? zeros([GH])];
  const f: Forward = (...fargs) => {
    const save = fargs.pop() as (t: Tensor[]) => void;
    const [xeIn, h0In, mem, pk, wqIn, vIn, wcIn, whhIn, extra] = fargs as Tensor[];
    const wqT = transpose(wqIn!);
    const wcT = transpose(wcIn!);
    const whhT = transpose(whhIn!);
    const xes = T === 1 ? [reshape(xeIn!, [N, GH])] : unstack(xeIn!);
    const hs: Tensor[] = [];
    const cells: Tensor[] = [];
    const cs: Tensor[] = [];
    const qs: Tensor[] = [];
    const as: Tensor[] = [];
    const acts: Tensor[] = [];
    let h = h0In!;
    let cell = extra!; // LSTM: the cell state
    for (let t = 0; t < T; t++) {
      const q = reshape(mm(h, wqT), [N, 1, A]);
      const a = softmax(add(additiveScores(q, pk!, vIn!), maskBias)); // [N, 1, S]
      const c = reshape(mm(a, mem!), [N, M]);
      const xp = reshape(add(xes[t]!, mm(c, wcT)), [1, N, GH]);
      if (lstm) {
        const step = lstmStepKernel(mm(h, whhT), xp, cell);
        h = step.h;
        cell = step.c;
        cells.push(cell);
        acts.push(step.acts);
      } else {
        const step = gruStepKernel(mm(h, whhT), extra!, xp, h);
        h = step.h;
        acts.push(step.acts);
      }
      hs.push(h);
      cs.push(c);
      qs.push(q);
      as.push(a);
    }
    const hAll = stack(hs);
    const cAll = stack(cs);
    const value = concat([hAll, cAll], 2);
    save([hAll, cAll, concat(qs, 1), concat(as, 1), stack(acts), h0In!, mem!, pk!, wqIn!, vIn!, wcIn!, whhIn!, lstm ? stack(cells) : hAll, extra!]);
    return { value, gradFunc: (dy, saved) => backward(dy, saved) };
  };

  /** Saved: every s_t, c_t, query `[N, T, A]`, weights `[N, T, S]`, cell acts, the inputs used, the LSTM's cell states. */
  const backward = (dy: Tensor, saved: Tensor[]): Tensor[] => {
    const [hAll, cAll, qAll, aAll, actsAll, h0s, mem, pk, wqS, vS, wcS, whhS, cellAll, extra] = saved as Tensor[] as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    const [dH, dC] = split(dy, [H, M], 2) as [Tensor, Tensor];
    const dCs = T === 1 ? [reshape(dC, [N, M])] : unstack(dC);
    const qSteps = T === 1 ? [qAll] : split(qAll, T, 1);
    const aSteps = T === 1 ? [aAll] : split(aAll, T, 1);
    const memT = transpose(mem, [0, 2, 1]); // [N, M, S]
    const noCellGrad = lstm ? zeros([T, N, H]) : null; // the cell states are not outputs
    const dxps: Tensor[] = new Array<Tensor>(T);
    const dghs: Tensor[] = new Array<Tensor>(T);
    const dcs: Tensor[] = new Array<Tensor>(T);
    const dqs: Tensor[] = new Array<Tensor>(T);
    let dpk: Tensor | null = null;
    let dv: Tensor | null = null;
    let dhCarry: Tensor | null = null; // from step t+1: through its products (W_hh, W_q)
    let direct: Tensor | null = null; // GRU: dh ⊙ z; LSTM: dc_{t}
    for (let t = T - 1; t >= 0; t--) {
      let dxp: Tensor;
      let dgh: Tensor;
      if (lstm) {
        const g = lstmGradKernel(dH, noCellGrad!, t, dhCarry, direct, actsAll, cellAll, extra);
        dxp = dgh = g.dpre;
        direct = g.dcPrev;
      } else {
        const g = gruGradKernel(dH, t, dhCarry && direct ? [direct, dhCarry] : null, actsAll, hAll, h0s);
        dxp = g.dxp;
        dgh = g.dgh;
        direct = g.direct;
      }
      const dc = add(dCs[t]!, mm(dxp, wcS)); // [N, M]
      const a = aSteps[t]!; // [N, 1, S]
      const da = mm(reshape(dc, [N, 1, M]), memT); // [N, 1, S]
      const ds = softmaxBackward(a, da); // 0 where masked
      const [dq3, dpkT, dvT] = additiveScoresGrad(qSteps[t]!, pk, vS, ds);
      dpk = dpk ? add(dpk, dpkT) : dpkT;
      dv = dv ? add(dv, dvT) : dvT;
      const dq = reshape(dq3, [N, A]);
      dhCarry = add(mm(dgh, whhS), mm(dq, wqS));
      dxps[t] = dxp;
      dghs[t] = dgh;
      dcs[t] = dc;
      dqs[t] = dq;
    }
    // Weight gradients: one product over all T·N rows each.
    const hPrev = previousStates(hAll, h0s); // [T, N, H]: the state each step started from
    const dGH = stack(dghs);
    const dXe = stack(dxps);
    // dMemory = Σ_t a_tᵀ dc_t per batch row: [N, S, T] @ [N, T, M].
    const dMem = mm(transpose(aAll, [0, 2, 1]), transpose(stack(dcs), [1, 0, 2]));
    // dh0: the carry into step 0 (GRU: plus its direct part); LSTM: dc0 is `direct`.
    const dh0 = lstm ? dhCarry! : add(direct!, dhCarry!);
    return [
      dXe,
      dh0,
      dMem,
      dpk!,
      sumOuter(stack(dqs), hPrev),
      dv!,
      sumOuter(dXe, cAll),
      sumOuter(dGH, hPrev),
      lstm ? direct! : sumRows(reshape(dGH, [T * N, GH])),
    ];
  };

  const op = customGrad(f as unknown as Parameters<typeof customGrad>[0]) as unknown as (...t: Tensor[]) => Tensor;
  return op(...(args as Tensor[]));
}
