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
 * should stay in cache. Measured against XNNPACK (tfjs-backend-wasm 4.22) on this project's
 * shapes: up to 192K elements (768 KB: [256, 768], [768, 256]) the kernel matches or beats it,
 * by 1.3-2x when B is a new tensor (XNNPACK then packs it first: every gradient product, and
 * every forward product with a freshly transposed weight); at 256K it is even, and at 768K
 * ([256, 3000]) it runs at half XNNPACK's rate.
 */
const MAX_RIGHT = 192 * 1024;

/**
 * Rows below which a single 2-D product stays with XNNPACK: with a right operand it has already
 * packed (a weight reused across decoding steps) XNNPACK is faster on a few rows (1 x 256 x 768:
 * 2.5 against 1.7 GFLOP/s; 5 x 256 x 1000: 12.5 against 6.0).
 */
const MIN_ROWS_2D = 8;

/**
 * Whether the SIMD kernel takes a product `[M, K] @ [K, N]` (one of a batch, or a single 2-D one,
 * which it takes only where it beats XNNPACK); the caller still checks that the module loads.
 */
export function simdProductApplies(M: number, K: number, N: number, batched = false): boolean {
  return K > 0 && K * N <= MAX_RIGHT && (batched || M >= MIN_ROWS_2D);
}

/**
 * `a [..., M, K] @ b [..., K, N]` (same leading dims, float32) as one SIMD kernel over the whole
 * batch, or null where it does not apply (no SIMD module, K·N over {@link MAX_RIGHT}, K = 0).
 */
export function batchMatMulWasm(a: Tensor, b: Tensor): Tensor | null {
  const K = a.shape[a.rank - 1]!;
  const N = b.shape[b.rank - 1]!;
  if (!simdProductApplies(a.shape[a.rank - 2]!, K, N, true) || a.dtype !== 'float32' || b.dtype !== 'float32' || !wasmHeapModule<BmmSimd>(wasmBase64)) return null;
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
