/**
 * `@seqlab/attention`: attention layers on `@tensorflow/tfjs-core`, each returning its attention
 * weights. {@link MultiHeadAttention} and {@link scaledDotProductAttention} follow PyTorch
 * (`nn.MultiheadAttention`, `F.scaled_dot_product_attention`) to 1e-5, state dict names included;
 * {@link BahdanauAttention} and {@link LuongAttention} follow their papers.
 *
 * Masks: seqlab's convention is boolean `true` = attend (SDPA's `mask`, Bahdanau/Luong's `mask`).
 * `MultiHeadAttention` keeps PyTorch's conventions for `keyPaddingMask` and `attnMask`
 * (`true` = ignored) so that code ported from PyTorch behaves the same.
 *
 * A query whose keys are all masked gets all-zero weights everywhere in this package (PyTorch
 * gives NaN there): the one deliberate difference from PyTorch.
 * @packageDocumentation
 */
export type {
  RnnAttentionCallOptions,
  RnnAttentionResult,
} from './additive-common.js';
export { additiveScores, additiveScoresGrad } from './additive-score.js';
export { BahdanauAttention, type BahdanauAttentionOptions, type BahdanauCallOptions } from './bahdanau.js';
export { LuongAttention, type LuongAttentionOptions, type LuongAttentionResult, type LuongScore } from './luong.js';
export { MASKED_ADDITIVE_THRESHOLD, maskedSoftmax, softmaxBackward, type ScoreMask } from './masked-softmax.js';
export {
  MultiHeadAttention,
  type MultiHeadAttentionCallOptions,
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionResult,
} from './multihead.js';
export {
  scaledDotProductAttention,
  type ScaledDotProductAttentionOptions,
  type ScaledDotProductAttentionResult,
} from './sdpa.js';
