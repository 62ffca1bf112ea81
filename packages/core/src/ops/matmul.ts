/**
 * Matrix products that stay on the fast path of every backend (moved here from
 * @seqlab/attention so every layer gets them).
 *
 * Measured on tfjs-backend-wasm 4.22 (see bench/README figures): `matMul` is fast (XNNPACK) only
 * for one 2-D product without transpose flags. With `transposeA` / `transposeB`, or a batch of
 * more than one matrix, it falls back to a loop about 10x slower, and tfjs's own matMul gradient
 * uses exactly those flags. {@link mm} therefore transposes explicitly (a cheap copy), runs a
 * batch as one WebAssembly SIMD kernel on wasm (`batch-matmul-wasm.ts`; or as separate 2-D
 * products where that kernel does not apply), and has a hand-written gradient made of the same
 * fast products.
 * @module
 */
import {
  add,
  customGrad,
  getBackend,
  matMul,
  reshape,
  stack,
  tidy,
  transpose,
  unstack,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { batchMatMulWasm, simdProductApplies } from './batch-matmul-wasm.js';
import { sumRows } from './sum-rows.js';
import { ensureWasmKernels } from './wasm-kernels.js';

/** Swaps the last two axes. */
export function transposeLast(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return transpose(x, perm);
}

/**
 * Per-matrix work (2·M·K·N flops) above which splitting a batch into 2-D products wins on wasm.
 * Measured on tfjs-backend-wasm 4.22: a batched matMul runs at ~0.9 GFLOP/s, a plain 2-D one at
 * ~8 GFLOP/s but each costs ~0.25 ms of op overhead, so many small products (attention heads over
 * short sequences: 256 x 16x16x16 took 2.6 ms batched, 67 ms split) stay batched, and large ones
 * (8 x 512x64x512: 307 ms batched, 35 ms split) are split.
 */
const SPLIT_FLOPS_PER_MATRIX = 256 * 1024;

/** a [..., M, K] @ b [..., K, N] with identical leading dims (or both rank 2), no autodiff. */
function product(a: Tensor, b: Tensor): Tensor {
  if (getBackend() !== 'wasm') return matMul(a, b);
  // Every model's forward runs through here first: install the copy-free wasm kernels.
  ensureWasmKernels();
  if (a.rank === 2) {
    const [M, K] = a.shape as [number, number];
    const N = b.shape[1]!;
    // Most products of a training step have a right operand XNNPACK has not packed yet (a
    // gradient, a freshly transposed weight): there the SIMD kernel, which needs no packing, wins.
    const simd = simdProductApplies(M, K, N) ? batchMatMulWasm(reshape(a, [1, M, K]), reshape(b, [1, K, N])) : null;
    return simd ? reshape(simd, [M, N]) : matMul(a, b);
  }
  // A batch in one SIMD kernel: 12-16 GFLOP/s on attention-head shapes where the split below
  // reached 6-10 (the products of [64, 128, 64] x [64, 64, 128]: 23 -> 9 ms).
  const batched = batchMatMulWasm(a, b);
  if (batched) return batched;
  const [M, K] = a.shape.slice(-2) as [number, number];
  const N = b.shape[b.rank - 1]!;
  if (2 * M * K * N < SPLIT_FLOPS_PER_MATRIX) return matMul(a, b);
  return tidy(() => {
    const lead = a.shape.slice(0, -2);
    const as = unstack(reshape(a, [-1, M, K]));
    const bs = unstack(reshape(b, [-1, K, N]));
    return reshape(stack(as.map((ai, i) => matMul(ai, bs[i]!))), [...lead, M, N]);
  });
}

/**
 * `a @ b` for `a` `[..., M, K]` and `b` `[..., K, N]` (the same leading dims, or both rank 2),
 * differentiable, with the gradient `da = dy @ bᵀ`, `db = aᵀ @ dy` computed by the same fast
 * products.
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  return mmOp(a, b);
}

/**
 * Relative cost per element of XNNPACK packing a product's right operand, against a transpose.
 * tfjs-backend-wasm caches the packed right operand by tensor, so a product whose right side is a
 * new tensor (any gradient) pays the packing every call: ~9-10 ns per element here (a [640, 1024]
 * right side adds 7 ms to a 20 ms product), where a transpose moves an element in 3-6 ns. With
 * core's SIMD transpose, this weight picked the faster side in all six weight-gradient shapes
 * timed (LSTM and Transformer LM layers).
 */
const PACK_COST = 1.5;

/** The packing weight of a product `[M, K] @ [K, N]`'s right operand: 0 where the SIMD kernel takes it (no packing). */
function packCost(M: number, K: number, N: number, batched: boolean): number {
  return getBackend() === 'wasm' && simdProductApplies(M, K, N, batched) ? 0 : PACK_COST;
}

/**
 * `aᵀ @ b` over the last two axes (no autodiff). wasm's `matMul(a, b, true)` is ~10x slower than
 * a plain product, so one side is transposed explicitly: either `(aᵀ) @ b`, or `(bᵀ @ a)ᵀ`,
 * whichever moves fewer elements, counting the transposes and the packing of the right operand
 * (none where the SIMD kernel runs the product).
 */
export function matMulTA(a: Tensor, b: Tensor): Tensor {
  const [R, M] = a.shape.slice(-2) as [number, number];
  const N = b.shape[b.rank - 1]!;
  const batched = a.rank > 2;
  // A weight gradient dyᵀ·x with dy [640, 1024] and x [640, 256]: transposing dy and packing x
  // (0.9M element moves) beats transposing x and the result and packing dy (1.4M).
  const direct = R * M + packCost(M, R, N, batched) * R * N;
  const swapped = R * N + M * N + packCost(N, R, M, batched) * R * M;
  return direct <= swapped ? product(transposeLast(a), b) : transposeLast(product(transposeLast(b), a));
}

/** `a @ bᵀ` over the last two axes (no autodiff), by the same cost rule as {@link matMulTA}. */
export function matMulTB(a: Tensor, b: Tensor): Tensor {
  const [M, K] = a.shape.slice(-2) as [number, number];
  const N = b.shape[b.rank - 2]!;
  const batched = a.rank > 2;
  const direct = N * K + packCost(M, K, N, batched) * K * N;
  const swapped = M * K + M * N + packCost(N, K, M, batched) * K * M;
  return direct <= swapped ? product(a, transposeLast(b)) : transposeLast(product(b, transposeLast(a)));
}

const mmOp = customGrad(((x: Tensor, y: Tensor, save: (t: Tensor[]) => void) => {
    save([x, y]);
    return {
      value: product(x, y),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [xs, ys] = saved as [Tensor, Tensor];
        const g = dy as Tensor;
        return [tidy(() => matMulTB(g, ys)), tidy(() => matMulTA(xs, g))];
      },
    };
  }) as unknown as Parameters<typeof customGrad>[0]) as unknown as (x: Tensor, y: Tensor) => Tensor;

/** `y + bias` for `y` `[R, C]` and `bias` `[C]`, differentiable; the bias gradient is {@link sumRows}. */
export function addBias(y: Tensor, bias: Tensor): Tensor {
  return addBiasOp(y, bias);
}

const addBiasOp = customGrad(((y: Tensor, b: Tensor) => ({
    value: add(y, b),
    gradFunc: (dy: Tensor | Tensor[]) => [dy as Tensor, sumRows(dy as Tensor)],
  })) as unknown as Parameters<typeof customGrad>[0]) as unknown as (y: Tensor, b: Tensor) => Tensor;
