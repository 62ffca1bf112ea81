/**
 * Matrix products that stay on the fast path of every backend (moved here from
 * @seqlab/attention so every layer gets them).
 *
 * Measured on tfjs-backend-wasm 4.22 (see bench/README figures): `matMul` is fast (XNNPACK) only
 * for one 2-D product without transpose flags. With `transposeA` / `transposeB`, or a batch of
 * more than one matrix, it falls back to a loop about 10x slower, and tfjs's own matMul gradient
 * uses exactly those flags. {@link mm} therefore transposes explicitly (a cheap copy), runs a
 * batch as separate 2-D products on wasm, and has a hand-written gradient made of the same
 * fast products.
 * @module
 */
import {
  add,
  customGrad,
  getBackend,
  matMul,
  ones,
  reshape,
  stack,
  sum,
  tidy,
  transpose,
  unstack,
  type Tensor,
} from '@tensorflow/tfjs-core';
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
  if (a.rank === 2) return matMul(a, b);
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
 * `aᵀ @ b` over the last two axes (no autodiff), transposing whichever side costs fewer element
 * moves: wasm's `matMul(a, b, true)` is ~10x slower than a plain product.
 */
export function matMulTA(a: Tensor, b: Tensor): Tensor {
  const [R, M] = a.shape.slice(-2) as [number, number];
  const N = b.shape[b.rank - 1]!;
  // A weight gradient xᵀ·dy with x [2048, 1024] and dy [2048, 256]: (dyᵀ·x)ᵀ moves 0.8M
  // elements instead of 2M (wasm's Transpose runs at ~13 ns per element).
  return R * M <= R * N + M * N ? product(transposeLast(a), b) : transposeLast(product(transposeLast(b), a));
}

/** `a @ bᵀ` over the last two axes (no autodiff), likewise. */
export function matMulTB(a: Tensor, b: Tensor): Tensor {
  const [M, K] = a.shape.slice(-2) as [number, number];
  const N = b.shape[b.rank - 2]!;
  return N * K <= M * K + M * N ? product(a, transposeLast(b)) : transposeLast(product(b, transposeLast(a)));
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

/**
 * The sum of `x` `[R, C]` over its rows, `[C]` (no autodiff): on wasm the product
 * `ones[1, R] @ x`, because wasm's `Sum` over the first axis is slow (30 ms on [2048, 1024], the
 * product 0.3 ms); elsewhere `sum(x, 0)`.
 */
export function sumRows(x: Tensor): Tensor {
  if (getBackend() !== 'wasm') return sum(x, 0);
  return tidy(() => reshape(product(ones([1, x.shape[0]!]), x), [x.shape[1]!]));
}

const addBiasOp = customGrad(((y: Tensor, b: Tensor) => ({
    value: add(y, b),
    gradFunc: (dy: Tensor | Tensor[]) => [dy as Tensor, sumRows(dy as Tensor)],
  })) as unknown as Parameters<typeof customGrad>[0]) as unknown as (y: Tensor, b: Tensor) => Tensor;
