/**
 * The teacher-forced Bahdanau decoder of {@link Seq2SeqAttention} (one GRU layer) over all target
 * steps as ONE custom gradient, for the backends with fused recurrent kernels (cpu, wasm).
 *
 * Why: a Bahdanau step attends from the previous hidden state, so its RNN input depends on the
 * previous step and the steps cannot be batched as the Luong decoder's are. Written as T calls of
 * the per-step module code, tape-recorded autodiff runs ~250 small kernels per step and one
 * weight-gradient product per weight per step. Here each step forward is 5 products, the fused
 * additive score, a masked softmax and the fused GRU kernel; the backward walks the steps once
 * (the fused GRU backward, the additive-score backward, 5 products) and computes every weight
 * gradient after the loop as ONE product over all `T·N` rows. The per-step module code stays the
 * reference: tests compare the two.
 * @module
 */
import { additiveScores, additiveScoresGrad, maskedSoftmax } from '@seqlab/attention';
import { matMulTA, mm, sumRows } from '@seqlab/core';
import { gruGradKernel, gruStepKernel } from '@seqlab/recurrent';
import {
  add,
  concat,
  customGrad,
  mul,
  reshape,
  slice,
  split,
  stack,
  sub,
  sum,
  transpose,
  unstack,
  type Tensor,
} from '@tensorflow/tfjs-core';

/** The differentiable inputs of {@link bahdanauGruSequence}. */
export interface BahdanauGruInputs {
  /** `e_t W_ieᵀ + b_ih` for every step `[T, N, 3H]` (the embedding columns of `W_ih`). */
  xe: Tensor;
  /** Initial hidden state `[N, H]`. */
  h0: Tensor;
  /** Encoder outputs `[N, S, M]`: the attention's values. */
  memory: Tensor;
  /** The attention's projected keys `W_k k` `[N, S, A]`. */
  projected: Tensor;
  /** `query_layer.weight` `[A, H]`. */
  wq: Tensor;
  /** `energy_layer.weight` as `[A]`. */
  v: Tensor;
  /** The context columns of `W_ih` `[3H, M]`. */
  wc: Tensor;
  /** `weight_hh` `[3H, H]`. */
  whh: Tensor;
  /** `bias_hh` `[3H]` (zeros for a cell without bias). */
  bhh: Tensor;
}

type Forward = (...args: unknown[]) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor[] };

/**
 * `[s_t; c_t]` for every step `[T, N, H + M]` (the input of the decoder's `combine` layer), where
 * `q = W_q s_{t-1}`, `a_t = softmax_mask(vᵀ tanh(q + W_k k_j))`, `c_t = Σ_j a_tj m_j` and
 * `s_t = GRU(x_t W_ihᵀ + b_ih, s_{t-1})` with `x_t = [e_t; c_t]`; `keep` `[N, S]` bool is the
 * source mask (no gradient). Differentiable in every field of `inputs`. Needs the fused recurrent
 * kernels (`fusedAvailable()` of `@seqlab/recurrent`); call inside a tidy.
 */
export function bahdanauGruSequence(inputs: BahdanauGruInputs, keep: Tensor): Tensor {
  const { xe, h0, memory, projected, wq, v, wc, whh, bhh } = inputs;
  const [T, N] = xe.shape as [number, number, number];
  const H = h0.shape[1]!;
  const [, S, M] = memory.shape as [number, number, number];
  const A = projected.shape[2]!;
  const keep3 = reshape(keep, [N, 1, S]);
  const f: Forward = (...args) => {
    const save = args.pop() as (t: Tensor[]) => void;
    const [xeIn, h0In, mem, pk, wqIn, vIn, wcIn, whhIn, bhhIn] = args as Tensor[];
    const wqT = transpose(wqIn!);
    const wcT = transpose(wcIn!);
    const whhT = transpose(whhIn!);
    const xes = T === 1 ? [reshape(xeIn!, [N, 3 * H])] : unstack(xeIn!);
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    const qs: Tensor[] = [];
    const as: Tensor[] = [];
    const acts: Tensor[] = [];
    let h = h0In!;
    for (let t = 0; t < T; t++) {
      const q = reshape(mm(h, wqT), [N, 1, A]);
      const a = maskedSoftmax(additiveScores(q, pk!, vIn!), { keep: keep3 }); // [N, 1, S]
      const c = reshape(mm(a, mem!), [N, M]);
      const xp = reshape(add(xes[t]!, mm(c, wcT)), [1, N, 3 * H]);
      const step = gruStepKernel(mm(h, whhT), bhhIn!, xp, h);
      h = step.h;
      hs.push(h);
      cs.push(c);
      qs.push(q);
      as.push(a);
      acts.push(step.acts);
    }
    const hAll = stack(hs);
    const cAll = stack(cs);
    const value = concat([hAll, cAll], 2);
    save([hAll, cAll, concat(qs, 1), concat(as, 1), stack(acts), h0In!, mem!, pk!, wqIn!, vIn!, wcIn!, whhIn!]);
    return { value, gradFunc: (dy, saved) => backward(dy, saved) };
  };

  /** Saved: every s_t, c_t, query `[N, T, A]`, weights `[N, T, S]`, GRU acts, and the inputs used. */
  const backward = (dy: Tensor, saved: Tensor[]): Tensor[] => {
    const [hAll, cAll, qAll, aAll, actsAll, h0s, mem, pk, wqS, vS, wcS, whhS] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    const [dH, dC] = split(dy, [H, M], 2) as [Tensor, Tensor];
    const dCs = T === 1 ? [reshape(dC, [N, M])] : unstack(dC);
    const qSteps = T === 1 ? [qAll] : split(qAll, T, 1);
    const aSteps = T === 1 ? [aAll] : split(aAll, T, 1);
    const memT = transpose(mem, [0, 2, 1]); // [N, M, S]
    const dxps: Tensor[] = new Array<Tensor>(T);
    const dghs: Tensor[] = new Array<Tensor>(T);
    const dcs: Tensor[] = new Array<Tensor>(T);
    const dqs: Tensor[] = new Array<Tensor>(T);
    let dpk: Tensor | null = null;
    let dv: Tensor | null = null;
    let carry: [Tensor, Tensor] | null = null;
    for (let t = T - 1; t >= 0; t--) {
      const g = gruGradKernel(dH, t, carry, actsAll, hAll, h0s);
      const dc = add(dCs[t]!, mm(g.dxp, wcS)); // [N, M]
      const a = aSteps[t]!; // [N, 1, S]
      const da = mm(reshape(dc, [N, 1, M]), memT); // [N, 1, S]
      const ds = mul(a, sub(da, sum(mul(da, a), -1, true))); // softmax backward; 0 where masked
      const [dq3, dpkT, dvT] = additiveScoresGrad(qSteps[t]!, pk, vS, ds);
      dpk = dpk ? add(dpk, dpkT) : dpkT;
      dv = dv ? add(dv, dvT) : dvT;
      const dq = reshape(dq3, [N, A]);
      carry = [g.direct, add(mm(g.dgh, whhS), mm(dq, wqS))];
      dxps[t] = g.dxp;
      dghs[t] = g.dgh;
      dcs[t] = dc;
      dqs[t] = dq;
    }
    // Weight gradients: one product over all T·N rows each.
    const rows = T * N;
    const hPrev = reshape(T === 1 ? h0s : concat([h0s, reshape(slice(hAll, [0, 0, 0], [T - 1, N, H]), [(T - 1) * N, H])], 0), [rows, H]);
    const dGH = reshape(stack(dghs), [rows, 3 * H]);
    const dXe = stack(dxps);
    // dMemory = Σ_t a_tᵀ dc_t per batch row: [N, S, T] @ [N, T, M].
    const dMem = mm(transpose(aAll, [0, 2, 1]), transpose(stack(dcs), [1, 0, 2]));
    return [
      dXe,
      add(carry![0], carry![1]),
      dMem,
      dpk!,
      matMulTA(reshape(stack(dqs), [rows, A]), hPrev),
      dv!,
      matMulTA(reshape(dXe, [rows, 3 * H]), reshape(cAll, [rows, M])),
      matMulTA(dGH, hPrev),
      sumRows(dGH),
    ];
  };

  const op = customGrad(f as unknown as Parameters<typeof customGrad>[0]) as unknown as (...t: Tensor[]) => Tensor;
  return op(xe, h0, memory, projected, wq, v, wc, whh, bhh);
}
