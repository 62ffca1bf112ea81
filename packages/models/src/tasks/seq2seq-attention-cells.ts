/**
 * One decoder step of a GRU / LSTM cell with weights transposed ahead of time.
 *
 * Why not `@seqlab/recurrent`'s `gruStep` / `lstmStep`: they compute `x Wᵀ` with matMul's
 * `transposeB` flag on every step, which tfjs-backend-wasm runs about 10x slower than a plain
 * product, and tfjs's matMul gradient adds more transposed products. The decoder runs one step per
 * target token, so here the weights are transposed once per sequence (`prepareCell`) and every
 * step uses `mm` (plain products, hand-written gradient). The equations are PyTorch's
 * `nn.GRUCell` / `nn.LSTMCell`, the same as those functions'.
 * @module
 */
import { mm, transposeLast } from '@seqlab/core';
import type { GRUCell, LSTMCell } from '@seqlab/recurrent';
import { add, mul, sigmoid, split, sub, tanh, type Tensor } from '@tensorflow/tfjs-core';

/** A cell's weights ready for `cellStep`: `W_ihᵀ`, `W_hhᵀ` and the biases. */
export interface PreparedCell {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
  lstm: boolean;
}

/** Transposes a cell's weights once (call inside the caller's tidy: gradients flow through it). */
export function prepareCell(cell: GRUCell | LSTMCell, lstm: boolean): PreparedCell {
  return { wIh: transposeLast(cell.weightIh), wHh: transposeLast(cell.weightHh), bIh: cell.biasIh, bHh: cell.biasHh, lstm };
}

function affine(x: Tensor, wT: Tensor, b: Tensor | null): Tensor {
  const y = mm(x, wT);
  return b ? add(y, b) : y;
}

/**
 * One step: `x` `[N, I]`, `h` `[N, H]`, `c` `[N, H]` (LSTM) -> the new `[h, c]` (`c` null for GRU).
 * GRU (r, z, n): `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 - z) ⊙ n + z ⊙ h`.
 * LSTM (i, f, g, o): `c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)`, `h' = σ(o) ⊙ tanh(c')`.
 */
export function cellStep(x: Tensor, h: Tensor, c: Tensor | null, p: PreparedCell): [Tensor, Tensor | null] {
  const gi = affine(x, p.wIh, p.bIh);
  const gh = affine(h, p.wHh, p.bHh);
  if (p.lstm) {
    const [i, f, g, o] = split(add(gi, gh), 4, -1) as [Tensor, Tensor, Tensor, Tensor];
    const c1 = add(mul(sigmoid(f), c!), mul(sigmoid(i), tanh(g)));
    return [mul(sigmoid(o), tanh(c1)), c1];
  }
  const [xr, xz, xn] = split(gi, 3, -1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = split(gh, 3, -1) as [Tensor, Tensor, Tensor];
  const r = sigmoid(add(xr, hr));
  const z = sigmoid(add(xz, hz));
  const n = tanh(add(xn, mul(r, hn)));
  return [add(n, mul(z, sub(h, n))), null];
}
