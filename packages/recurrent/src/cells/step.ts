/**
 * The single-step maths of each cell as pure functions of (input, state, weights). Cells call them
 * with their own parameters; the sequence layers' slow (reference) path calls them once per step.
 * Inputs are batched: `x` is `[B, I]`, states are `[B, H]`.
 * @module
 */
import { add, matMul, mul, relu, sigmoid, split, sub, tanh, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { CellWeights, RNNNonlinearity } from './weights.js';

/** `x Wᵀ (+ b)`: a Linear without the module. */
export function affine(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const y = matMul(x, w, false, true);
  return b ? add(y, b) : y;
}

/** Elman RNN step: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`. */
export function rnnStep(x: Tensor, h: Tensor, w: CellWeights, nonlinearity: RNNNonlinearity): Tensor {
  return tidy(() => {
    const pre = add(affine(x, w.weightIh, w.biasIh), affine(h, w.weightHh, w.biasHh));
    return nonlinearity === 'relu' ? relu(pre) : tanh(pre);
  });
}

/**
 * LSTM step with PyTorch's gate order (i, f, g, o):
 * ```
 * i = σ(W_ii x + b_ii + W_hi h + b_hi [+ W_ci c])
 * f = σ(W_if x + b_if + W_hf h + b_hf [+ W_cf c])
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)
 * o = σ(W_io x + b_io + W_ho h + b_ho [+ W_co c])
 * c' = f ⊙ c + i ⊙ g
 * h' = o ⊙ tanh(c')            (then h' = W_hr h' with a projection)
 * ```
 * The bracketed peephole terms (present when `w.weightCh` is set) let the gates see the previous
 * cell state `c`, exactly as the formula the project follows writes them (full matrices, and the
 * output gate sees c_{t-1}, not c_t).
 * @returns `[h', c']`
 */
export function lstmStep(x: Tensor, h: Tensor, c: Tensor, w: CellWeights): [Tensor, Tensor] {
  return tidy(() => {
    const gates = add(affine(x, w.weightIh, w.biasIh), affine(h, w.weightHh, w.biasHh));
    let [i, f, g, o] = split(gates, 4, -1) as [Tensor, Tensor, Tensor, Tensor];
    if (w.weightCh) {
      const [pi, pf, po] = split(matMul(c, w.weightCh, false, true), 3, -1) as [Tensor, Tensor, Tensor];
      i = add(i, pi);
      f = add(f, pf);
      o = add(o, po);
    }
    const c1 = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
    let h1 = mul(sigmoid(o), tanh(c1));
    if (w.weightHr) h1 = matMul(h1, w.weightHr, false, true);
    return [h1, c1];
  });
}

/**
 * GRU step with PyTorch's gate order (r, z, n):
 * ```
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)
 * z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))          (PyTorch, cuDNN)
 * n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)          (resetBeforeMatmul: Cho et al. 2014)
 * h' = (1 - z) ⊙ n + z ⊙ h
 * ```
 */
export function gruStep(x: Tensor, h: Tensor, w: CellWeights, resetBeforeMatmul = false): Tensor {
  return tidy(() => {
    const gi = affine(x, w.weightIh, w.biasIh);
    const [xr, xz, xn] = split(gi, 3, -1) as [Tensor, Tensor, Tensor];
    let n: Tensor;
    let z: Tensor;
    if (!resetBeforeMatmul) {
      const [hr, hz, hn] = split(affine(h, w.weightHh, w.biasHh), 3, -1) as [Tensor, Tensor, Tensor];
      const r = sigmoid(add(xr, hr));
      z = sigmoid(add(xz, hz));
      n = tanh(add(xn, mul(r, hn)));
    } else {
      const hidden = w.weightHh.shape[0]! / 3;
      const [wrz, wn] = split(w.weightHh, [2 * hidden, hidden], 0) as [Tensor, Tensor];
      const [brz, bn] = w.biasHh ? (split(w.biasHh, [2 * hidden, hidden], 0) as [Tensor, Tensor]) : [null, null];
      const [hr, hz] = split(affine(h, wrz, brz), 2, -1) as [Tensor, Tensor];
      const r = sigmoid(add(xr, hr));
      z = sigmoid(add(xz, hz));
      n = tanh(add(xn, affine(mul(r, h), wn, bn)));
    }
    // (1 - z) n + z h, written as n + z (h - n): one op fewer, same value.
    return add(n, mul(z, sub(h, n)));
  });
}
