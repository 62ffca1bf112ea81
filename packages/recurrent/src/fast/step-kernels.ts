/**
 * The fused pointwise kernels of one GRU step, forward and backward, for recurrences written
 * outside this package whose input at step t depends on the state of step t-1 (an attention
 * decoder: Bahdanau's context is computed from the previous hidden state, so the input products
 * cannot all be taken before the loop as `gruSequence` does). Such a recurrence writes its own
 * custom gradient and calls these inside it: they have no gradient of their own.
 *
 * They run where {@link fusedAvailable} is true (`cpu`, `wasm`; SIMD on wasm when H % 4 == 0).
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { runFused } from './fused.js';
import { gruGradSpec, gruStepSpec } from './pointwise.js';

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
