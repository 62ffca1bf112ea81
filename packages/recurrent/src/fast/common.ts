import { matMulTA, sumRows } from '@seqlab/core';
import { add, concat, customGrad, expandDims, matMul, reshape, slice, transpose, type Tensor } from '@tensorflow/tfjs-core';

/** `[s0, S_0, ..., S_{T-2}]`: the state each step started from (`[T, B, F]` from `[T, B, F]`). */
export function previousStates(all: Tensor, initial: Tensor): Tensor {
  const T = all.shape[0]!;
  const first = expandDims(initial, 0);
  return T === 1 ? first : concat([first, slice(all, [0, 0, 0], [T - 1, -1, -1])], 0);
}

/**
 * `Σ_t a_tᵀ b_t` for `a`: `[T, B, M]` and `b`: `[T, B, N]`, as ONE `[M, N]` matmul over the
 * flattened `T·B` rows: the weight gradients of every step at once, instead of T small matmuls.
 */
export function sumOuter(a: Tensor, b: Tensor): Tensor {
  const rows = a.shape[0]! * a.shape[1]!;
  return matMulTA(reshape(a, [rows, a.shape[2]!]), reshape(b, [rows, b.shape[2]!]));
}

type LinearFn = (x: Tensor, w: Tensor, b: Tensor) => Tensor;

/** `x Wᵀ + b` with a gradient that uses no transposed matMul (core's `matMulTA`). */
const linearWithBias = customGrad(((x: Tensor, w: Tensor, b: Tensor, save: (t: Tensor[]) => void) => {
  save([x, w]);
  return {
    value: add(matMul(x, transpose(w)), b),
    gradFunc: (dy: Tensor, [xs, ws]: Tensor[]) => [matMul(dy, ws!), matMulTA(dy, xs!), sumRows(dy)],
  };
}) as unknown as Parameters<typeof customGrad>[0]) as unknown as LinearFn;

const linearNoBias = customGrad(((x: Tensor, w: Tensor, save: (t: Tensor[]) => void) => {
  save([x, w]);
  return {
    value: matMul(x, transpose(w)),
    gradFunc: (dy: Tensor, [xs, ws]: Tensor[]) => [matMul(dy, ws!), matMulTA(dy, xs!)],
  };
}) as unknown as Parameters<typeof customGrad>[0]) as unknown as (x: Tensor, w: Tensor) => Tensor;

/** `x Wᵀ (+ b)` for `x`: `[R, In]`, `W`: `[Out, In]`, `b`: `[Out]`: PyTorch's Linear, fast on wasm. */
export function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  return b ? linearWithBias(x, w, b) : linearNoBias(x, w);
}
