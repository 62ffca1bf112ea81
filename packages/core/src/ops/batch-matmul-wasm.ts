/**
 * Batched small matrix products on the wasm backend as one WebAssembly SIMD kernel
 * (simd/bmm.wat).
 * @module
 */
import { engine, util, type Tensor } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/bmm-wasm.js';
import { heapOffset, registerHeapKernel, wasmHeapModule } from './wasm-heap-module.js';

interface BmmSimd {
  bmm(a: number, b: number, c: number, batch: number, M: number, K: number, N: number): void;
}

/**
 * The largest right operand (K·N elements) the kernel takes: it does no cache blocking, so B
 * should stay in L2 (512 KB); larger products go to XNNPACK (split into 2-D products).
 */
const MAX_RIGHT = 128 * 1024;

/**
 * `a [..., M, K] @ b [..., K, N]` (same leading dims, float32) as one SIMD kernel over the whole
 * batch, or null where it does not apply (no SIMD module, K·N over {@link MAX_RIGHT}, K = 0).
 */
export function batchMatMulWasm(a: Tensor, b: Tensor): Tensor | null {
  const K = a.shape[a.rank - 1]!;
  const N = b.shape[b.rank - 1]!;
  if (K === 0 || K * N > MAX_RIGHT || a.dtype !== 'float32' || b.dtype !== 'float32' || !wasmHeapModule<BmmSimd>(wasmBase64)) return null;
  registerHeapKernel<BmmSimd>('SeqlabBatchMatMul', wasmBase64, (k, { a: ta, b: tb }, alloc) => {
    const lead = ta!.shape.slice(0, -2);
    const [m, kk] = ta!.shape.slice(-2) as [number, number];
    const n = tb!.shape[tb!.shape.length - 1]!;
    const batch = util.sizeFromShape(lead);
    const out = alloc([...lead, m, n]);
    if (batch > 0) k.bmm(heapOffset(ta!), heapOffset(tb!), heapOffset(out), batch, m, kk, n);
    return out;
  });
  return engine().runKernel('SeqlabBatchMatMul', { a, b }) as Tensor;
}
