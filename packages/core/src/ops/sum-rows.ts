/**
 * The sum of a matrix over its rows: a bias gradient, so every Linear layer's backward runs it.
 * @module
 */
import { engine, getBackend, sum, type Tensor } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/reduce-wasm.js';
import { heapOffset, registerHeapKernel, wasmHeapModule } from './wasm-heap-module.js';

interface ReduceSimd {
  sum_rows(x: number, out: number, R: number, C: number): void;
}

const KERNEL = 'SeqlabSumRows';

/** Registers the SIMD column sum on wasm (once). */
function ensureKernel(): void {
  registerHeapKernel<ReduceSimd>(KERNEL, wasmBase64, (k, { x }, alloc) => {
    const [R, C] = x!.shape as [number, number];
    const out = alloc([C]);
    k.sum_rows(heapOffset(x!), heapOffset(out), R, C);
    return out;
  });
}

/**
 * The sum of `x` `[R, C]` over its rows, `[C]` (no autodiff). On wasm a WebAssembly SIMD loop
 * (simd/reduce.wat): tfjs-wasm's `Sum` over the first axis transposes first (28 ms on
 * [2048, 1024]) and the product `ones[1, R] @ x` pays XNNPACK's packing of x (27 ms); the loop
 * reads x once (~1 ms). Elsewhere, and on a wasm engine without SIMD, tfjs's `sum(x, 0)`.
 */
export function sumRows(x: Tensor): Tensor {
  const [R, C] = x.shape as [number, number];
  if (getBackend() === 'wasm' && R > 0 && C > 0 && x.dtype === 'float32' && wasmHeapModule<ReduceSimd>(wasmBase64)) {
    ensureKernel();
    return engine().runKernel(KERNEL, { x }) as Tensor;
  }
  return sum(x, 0);
}
