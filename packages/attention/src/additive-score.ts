/**
 * Bahdanau's additive scores `Σ_a v[a]·tanh(pq[b, t, a] + pk[b, s, a])` with a fused path on wasm.
 * @module
 */
import { heapOffset, registerHeapKernel, wasmHeapModule } from '@seqlab/core';
import { add, customGrad, engine, expandDims, getBackend, matMul, mul, reshape, square, sub, sum, tanh, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/additive-score-wasm.js';

interface AdditiveSimd {
  additive_score(pq: number, pk: number, v: number, scores: number, B: number, Tq: number, S: number, A: number): void;
  additive_score_grad(pq: number, pk: number, v: number, dsc: number, dpq: number, dpk: number, dv: number, B: number, Tq: number, S: number, A: number): void;
}

function ensureKernels(): void {
  registerHeapKernel<AdditiveSimd>('SeqlabAdditiveScore', wasmBase64, (k, { pq, pk, v }, alloc) => {
    const [B, Tq, A] = pq!.shape as [number, number, number];
    const S = pk!.shape[1]!;
    const out = alloc([B, Tq, S]);
    k.additive_score(heapOffset(pq!), heapOffset(pk!), heapOffset(v!), heapOffset(out), B, Tq, S, A);
    return out;
  });
  registerHeapKernel<AdditiveSimd>('SeqlabAdditiveScoreGrad', wasmBase64, (k, { pq, pk, v, dy }, alloc) => {
    const [B, Tq, A] = pq!.shape as [number, number, number];
    const S = pk!.shape[1]!;
    const outs = [alloc([B, Tq, A]), alloc([B, S, A]), alloc([A])];
    const [dpq, dpk, dv] = outs.map(heapOffset) as [number, number, number];
    k.additive_score_grad(heapOffset(pq!), heapOffset(pk!), heapOffset(v!), heapOffset(dy!), dpq, dpk, dv, B, Tq, S, A);
    return outs;
  });
}

/** `tanh(pq[b, t] + pk[b, s])` for every pair: `[B, Tq, S, A]` (the tfjs-op paths). */
function hiddenLayer(pq: Tensor, pk: Tensor): Tensor {
  return tanh(add(expandDims(pq, 2), expandDims(pk, 1)));
}

function simdApplies(pq: Tensor): boolean {
  return getBackend() === 'wasm' && pq.shape[2]! % 4 === 0 && pq.dtype === 'float32' && wasmHeapModule<AdditiveSimd>(wasmBase64) !== null;
}

/** One kernel forward, one backward (the tanh recomputed rather than stored). */
const fused = customGrad(((pq: Tensor, pk: Tensor, v: Tensor, save: (t: Tensor[]) => void) => {
  save([pq, pk, v]);
  return {
    value: engine().runKernel('SeqlabAdditiveScore', { pq, pk, v }) as Tensor,
    gradFunc: (dy: Tensor | Tensor[], [q, k, w]: Tensor[]) => engine().runKernel('SeqlabAdditiveScoreGrad', { pq: q!, pk: k!, v: w!, dy: dy as Tensor }) as unknown as Tensor[],
  };
}) as unknown as Parameters<typeof customGrad>[0]) as unknown as (pq: Tensor, pk: Tensor, v: Tensor) => Tensor;

/**
 * `scores[b, t, s] = Σ_a v[a]·tanh(pq[b, t, a] + pk[b, s, a])` for `pq` `[B, Tq, A]`, `pk`
 * `[B, S, A]` and `v` `[A]`: `[B, Tq, S]`, differentiable in all three. On wasm (SIMD, float32, A a
 * multiple of 4) one WebAssembly kernel each way (simd/additive-score.wat) instead of ~15 ops per
 * decoder step; elsewhere the broadcasting add, tanh and product.
 */
export function additiveScores(pq: Tensor, pk: Tensor, v: Tensor): Tensor {
  const [B, Tq, A] = pq.shape as [number, number, number];
  const S = pk.shape[1]!;
  if (simdApplies(pq)) {
    ensureKernels();
    return fused(pq, pk, v);
  }
  const hidden = hiddenLayer(pq, pk);
  return reshape(matMul(reshape(hidden, [B * Tq * S, A]), reshape(v, [A, 1])), [B, Tq, S]);
}

/**
 * The backward of {@link additiveScores} for an incoming gradient `dy` `[B, Tq, S]`, without
 * autodiff: `[dpq, dpk, dv]`. For recurrences that write their own gradient (a decoder that
 * attends once per step). One kernel on wasm, as {@link additiveScores}; elsewhere tfjs ops.
 */
export function additiveScoresGrad(pq: Tensor, pk: Tensor, v: Tensor, dy: Tensor): [Tensor, Tensor, Tensor] {
  if (simdApplies(pq)) {
    ensureKernels();
    return engine().runKernel('SeqlabAdditiveScoreGrad', { pq, pk, v, dy }) as unknown as [Tensor, Tensor, Tensor];
  }
  return tidy(() => {
    const hidden = hiddenLayer(pq, pk);
    const d = expandDims(dy, 3);
    const g = mul(mul(d, sub(1, square(hidden))), v); // d/d(pre-tanh)
    return [sum(g, 2), sum(g, 1), sum(mul(hidden, d), [0, 1, 2])];
  }) as [Tensor, Tensor, Tensor];
}
