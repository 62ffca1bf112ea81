/**
 * The fused pointwise kernels of one GRU or LSTM step, forward and backward, for recurrences written
 * outside this package whose input at step t depends on the state of step t-1 (an attention
 * decoder: Bahdanau's context is computed from the previous hidden state, so the input products
 * cannot all be taken before the loop as `gruSequence` / `lstmSequence` do). Such a recurrence writes its own
 * custom gradient and calls these inside it: they have no gradient of their own.
 *
 * They run where {@link fusedAvailable} is true (`cpu`, `wasm`; SIMD on wasm when H % 4 == 0).
 * @module
 */
import { zeros, type Tensor } from '@tensorflow/tfjs-core';
import { runFused } from './fused.js';
import { gruGradSpec, gruStepSpec, lstmGradSpec, lstmStepSpec } from './pointwise.js';

// The helpers such a recurrence needs for its weight gradients, as the sequence kernels use them.
export { previousStates, sumOuter } from './common.js';
export { fusedAvailable } from './fused.js';

/** {@link gruStepKernel}'s outputs. */
export interface GruStepKernelResult {
  /** The new hidden state `h'` `[B, H]`. */
  h: Tensor;
  /** `(r, z, n, W_hn h + b_hn)` `[B, 4H]`: what {@link gruGradKernel} needs of this step. */
  acts: Tensor;
}

/**
 * One GRU step (PyTorch's r, z, n form) from its products: `gh` = `h W_hhᵀ` `[B, 3H]` (no bias),
 * `biasHh` `[3H]`, `xp` `[T, B, 3H]` holding `x W_ihᵀ + b_ih` of step `t` (pass `[1, B, 3H]` and
 * t = 0 for a single step), `h` `[B, H]`.
 */
export function gruStepKernel(gh: Tensor, biasHh: Tensor, xp: Tensor, h: Tensor, t = 0): GruStepKernelResult {
  const [B, H] = h.shape as [number, number];
  const [h1, acts] = runFused(gruStepSpec, [gh, biasHh, xp, h], { B, H, t });
  return { h: h1!, acts: acts! };
}

/** {@link gruGradKernel}'s outputs. */
export interface GruGradKernelResult {
  /** Gradient of `gh` (= `h W_hhᵀ`) `[B, 3H]`: `dh_{t-1}` gets `dgh W_hh`, `W_hh` gets `dghᵀ h_{t-1}`. */
  dgh: Tensor;
  /** Gradient of `xp` at step t `[B, 3H]`. */
  dxp: Tensor;
  /** The part of `dh_{t-1}` through the update gate, `dh ⊙ z` `[B, H]`. */
  direct: Tensor;
}

/**
 * The backward of {@link gruStepKernel} at step `t`, with `dh = dY[t] + carry[0] + carry[1]`
 * (`carry` null at the last step): `dY` `[T, B, H]` the gradient of the outputs, `acts` `[T, B, 4H]`
 * every step's `acts`, `hAll` `[T, B, H]` every step's output and `h0` `[B, H]` the initial state
 * (the step reads `h_{t-1}` from them).
 */
export function gruGradKernel(dY: Tensor, t: number, carry: readonly [Tensor, Tensor] | null, acts: Tensor, hAll: Tensor, h0: Tensor): GruGradKernelResult {
  const [B, H] = h0.shape as [number, number];
  const [dgh, dxp, direct] = runFused(gruGradSpec, [dY, carry?.[0] ?? h0, carry?.[1] ?? h0, acts, hAll, h0], { B, H, t, carry: carry ? 1 : 0 });
  return { dgh: dgh!, dxp: dxp!, direct: direct! };
}

/** {@link lstmStepKernel}'s outputs. */
export interface LstmStepKernelResult {
  /** The new hidden state `h' = o ⊙ tanh(c')` `[B, H]`. */
  h: Tensor;
  /** The new cell state `c'` `[B, H]`. */
  c: Tensor;
  /** The gates `(i, f, g, o)` after their activations `[B, 4H]`: what {@link lstmGradKernel} needs. */
  acts: Tensor;
}

/**
 * One LSTM step (PyTorch's gate order i, f, g, o) from its products: `gh` = `h W_hhᵀ` `[B, 4H]`,
 * `xp` `[T, B, 4H]` holding `x W_ihᵀ + b_ih + b_hh` of step `t` (pass `[1, B, 4H]` and t = 0 for a
 * single step), `c` `[B, H]`.
 */
export function lstmStepKernel(gh: Tensor, xp: Tensor, c: Tensor, t = 0): LstmStepKernelResult {
  const [B, H] = c.shape as [number, number];
  const [m, c1, acts] = runFused(lstmStepSpec, [gh, xp, c], { B, H, t });
  return { h: m!, c: c1!, acts: acts! };
}

/** {@link lstmGradKernel}'s outputs. */
export interface LstmGradKernelResult {
  /** Gradient of the pre-activations `[B, 4H]` (of `xp` at step t and of `gh` alike). */
  dpre: Tensor;
  /** Gradient of the previous cell state `c_{t-1}` `[B, H]`. */
  dcPrev: Tensor;
}

/**
 * The backward of {@link lstmStepKernel} at step `t`: `dh = dY[t] + dhCarry` (the part of `dh_t`
 * from later steps, e.g. `dpre_{t+1} W_hh`; null at the last step), `dc = dC[t] + dcCarry +
 * dh ⊙ o ⊙ (1 - tanh²(c_t))`. `dY`, `dC` `[T, B, H]`: gradients of every step's h and c;
 * `acts` `[T, B, 4H]`, `cAll` `[T, B, H]`: every step's gates and cell state; `c0` `[B, H]`.
 */
export function lstmGradKernel(dY: Tensor, dC: Tensor, t: number, dhCarry: Tensor | null, dcCarry: Tensor | null, acts: Tensor, cAll: Tensor, c0: Tensor): LstmGradKernelResult {
  const [B, H] = c0.shape as [number, number];
  const [dpre, dcPrev] = runFused(lstmGradSpec, [dhCarry ?? zeros([B, H]), dY, dC, dcCarry ?? c0, acts, cAll, c0], { B, H, t, addDy: 1, carry: dcCarry ? 1 : 0 });
  return { dpre: dpre!, dcPrev: dcPrev! };
}
