/**
 * Bahdanau's additive scores `Σ_a v[a]·tanh(pq[b, t, a] + pk[b, s, a])` with a fused path on wasm.
 * @module
 */
import { heapOffset, wasmHeapModule } from '@seqlab/core';
import { add, customGrad, engine, expandDims, getBackend, getKernel, matMul, registerKernel, reshape, tanh, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/additive-score-wasm.js';

interface AdditiveSimd {
  additive_score(pq: number, pk: number, v: number, scores: number, B: number, Tq: number, S: number, A: number): void;
  additive_score_grad(pq: number, pk: number, v: number, dsc: number, dpq: number, dpk: number, dv: number, B: number, Tq: number, S: number, A: number): void;
}

type WasmOutput = { makeOutput(shape: number[], dtype: 'float32'): TensorInfo };

function ensureKernels(): void {
  if (getKernel('SeqlabAdditiveScore', 'wasm')) return;
  const simd = (): AdditiveSimd => wasmHeapModule<AdditiveSimd>(wasmBase64)!;
  registerKernel({
    kernelName: 'SeqlabAdditiveScore',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { pq, pk, v } = inputs as Record<string, TensorInfo>;
      const [B, Tq, A] = pq!.shape as [number, number, number];
      const S = pk!.shape[1]!;
      const out = (backend as unknown as WasmOutput).makeOutput([B, Tq, S], 'float32');
      simd().additive_score(heapOffset(pq!), heapOffset(pk!), heapOffset(v!), heapOffset(out), B, Tq, S, A);
      return out;
    },
  });
  registerKernel({
    kernelName: 'SeqlabAdditiveScoreGrad',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { pq, pk, v, dy } = inputs as Record<string, TensorInfo>;
      const [B, Tq, A] = pq!.shape as [number, number, number];
      const S = pk!.shape[1]!;
      const b = backend as unknown as WasmOutput;
      const outs = [b.makeOutput([B, Tq, A], 'float32'), b.makeOutput([B, S, A], 'float32'), b.makeOutput([A], 'float32')];
      const [dpq, dpk, dv] = outs.map(heapOffset) as [number, number, number];
      simd().additive_score_grad(heapOffset(pq!), heapOffset(pk!), heapOffset(v!), heapOffset(dy!), dpq, dpk, dv, B, Tq, S, A);
      return outs;
    },
  });
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
  if (getBackend() === 'wasm' && A % 4 === 0 && pq.dtype === 'float32' && wasmHeapModule<AdditiveSimd>(wasmBase64)) {
    ensureKernels();
    return fused(pq, pk, v);
  }
  const hidden = tanh(add(expandDims(pq, 2), expandDims(pk, 1))); // [B, Tq, S, A]
  return reshape(matMul(reshape(hidden, [B * Tq * S, A]), reshape(v, [A, 1])), [B, Tq, S]);
}
