/**
 * LayerNorm over the last axis as one WebAssembly SIMD kernel forward and one backward on the
 * wasm backend (simd/layer-norm.wat), behind a custom gradient.
 * @module
 */
import { customGrad, engine, getBackend, reshape, type Tensor } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/layer-norm-wasm.js';
import { heapOffset, registerHeapKernel, wasmHeapModule } from './wasm-heap-module.js';

interface LayerNormSimd {
  layer_norm(x: number, w: number, b: number, y: number, mean: number, rstd: number, R: number, C: number, eps: number): void;
  layer_norm_grad(x: number, dy: number, w: number, mean: number, rstd: number, dx: number, dw: number, db: number, R: number, C: number): void;
}

function ensureKernels(): void {
  registerHeapKernel<LayerNormSimd>('SeqlabLayerNorm', wasmBase64, (k, { x, w, b }, alloc, attrs) => {
    const [R, C] = x!.shape as [number, number];
    const outs = [alloc([R, C]), alloc([R]), alloc([R])];
    const [y, mean, rstd] = outs.map(heapOffset) as [number, number, number];
    k.layer_norm(heapOffset(x!), heapOffset(w!), heapOffset(b!), y, mean, rstd, R, C, attrs.eps as number);
    return outs;
  });
  registerHeapKernel<LayerNormSimd>('SeqlabLayerNormGrad', wasmBase64, (k, { x, dy, w, mean, rstd }, alloc) => {
    const [R, C] = x!.shape as [number, number];
    const outs = [alloc([R, C]), alloc([C]), alloc([C])];
    const [dx, dw, db] = outs.map(heapOffset) as [number, number, number];
    k.layer_norm_grad(heapOffset(x!), heapOffset(dy!), heapOffset(w!), heapOffset(mean!), heapOffset(rstd!), dx, dw, db, R, C);
    return outs;
  });
}

type LayerNormFn = (x: Tensor, w: Tensor, b: Tensor) => Tensor;

/** One custom-gradient function per eps (custom gradients take tensors only). */
const byEps = new Map<number, LayerNormFn>();

function fusedFor(eps: number): LayerNormFn {
  let f = byEps.get(eps);
  if (!f) {
    f = customGrad(((x: Tensor, w: Tensor, b: Tensor, save: (t: Tensor[]) => void) => {
      const [y, mean, rstd] = engine().runKernel('SeqlabLayerNorm', { x, w, b }, { eps } as never) as unknown as Tensor[];
      save([x, w, mean!, rstd!]);
      return {
        value: y!,
        gradFunc: (dy: Tensor | Tensor[], [xs, ws, ms, rs]: Tensor[]) =>
          engine().runKernel('SeqlabLayerNormGrad', { x: xs!, dy: dy as Tensor, w: ws!, mean: ms!, rstd: rs! }) as unknown as Tensor[],
      };
    }) as unknown as Parameters<typeof customGrad>[0]) as unknown as LayerNormFn;
    byEps.set(eps, f);
  }
  return f;
}

/**
 * `(x - mean)/√(var + eps)·weight + bias` over the last axis of `x` (`weight`, `bias`: `[C]`),
 * differentiable, as two wasm SIMD kernels; null where that path does not apply (not wasm, no
 * SIMD, not float32, C not a multiple of 4): the caller then uses tfjs ops.
 */
export function layerNormWasm(x: Tensor, weight: Tensor, bias: Tensor, eps: number): Tensor | null {
  const C = x.shape[x.rank - 1]!;
  if (getBackend() !== 'wasm' || x.dtype !== 'float32' || C % 4 !== 0 || x.size === 0 || !wasmHeapModule<LayerNormSimd>(wasmBase64)) return null;
  ensureKernels();
  const y = fusedFor(eps)(reshape(x, [x.size / C, C]), weight, bias);
  return reshape(y, x.shape);
}
