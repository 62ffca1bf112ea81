/**
 * `scaledDotProductAttention`, with PyTorch's `F.scaled_dot_product_attention` semantics.
 * @module
 */
import { causalMask, Dropout, ShapeError, type Generator } from '@seqlab/core';
import { mul, reshape, type Tensor } from '@tensorflow/tfjs-core';
import { mm, transposeLast } from '@seqlab/core';
import { tidyObject } from './tidy-object.js';
import { maskedSoftmax } from './masked-softmax.js';
import { disposeMask, mergeMasks, splitMask, type SplitMask } from './masks.js';
import { checkBroadcastable, checkMaskDtype, checkProbability } from './validate.js';

/** Options of {@link scaledDotProductAttention}. */
export interface ScaledDotProductAttentionOptions {
  /**
   * Boolean mask, `true` = may attend (PyTorch's SDPA convention, and seqlab's), or an additive
   * float mask added to the scores (`-Infinity` masks). Broadcasts to `[..., L, S]`.
   */
  mask?: Tensor;
  /**
   * Causal masking as PyTorch's `is_causal`: query `i` attends to keys `j <= i` (the top-left
   * aligned lower triangle `tril(ones(L, S))`). Combined (AND) with `mask` when both are given.
   */
  causal?: boolean;
  /** Dropout probability applied to the attention weights (as `dropout_p`: always, when > 0). */
  dropout?: number;
  /** Score scale; default `1 / sqrt(E)`, E = the last dim of `query`. */
  scale?: number;
  /** Random source for dropout (the default generator when omitted). */
  rng?: Generator;
}

/** What {@link scaledDotProductAttention} returns. */
export interface ScaledDotProductAttentionResult {
  /** `[..., L, Ev]`. */
  output: Tensor;
  /** `[..., L, S]`: the weights that multiplied `value` (after dropout, when dropout is on). */
  weights: Tensor;
}

/**
 * `softmax(q kᵀ · scale + mask) v`, PyTorch's `F.scaled_dot_product_attention`, also returning the
 * attention weights. `query` is `[..., L, E]`, `key` `[..., S, E]`, `value` `[..., S, Ev]`, with
 * the same leading (batch, head) dims.
 *
 * One deliberate difference from PyTorch: a query row whose keys are all masked gets all-zero
 * weights (and a zero output row), where PyTorch returns NaN.
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  opts: ScaledDotProductAttentionOptions = {},
): ScaledDotProductAttentionResult {
  const ctx = 'scaledDotProductAttention';
  if (query.rank < 2) throw new ShapeError('query', '[..., L, E] (rank >= 2)', query.shape, ctx);
  const lead = query.shape.slice(0, -2);
  const L = query.shape[query.rank - 2]!;
  const E = query.shape[query.rank - 1]!;
  if (key.rank !== query.rank || key.shape[key.rank - 1] !== E || lead.some((d, i) => key.shape[i] !== d)) {
    throw new ShapeError('key', [...lead, null, E], key.shape, ctx);
  }
  const S = key.shape[key.rank - 2]!;
  if (value.rank !== query.rank || value.shape[value.rank - 2] !== S || lead.some((d, i) => value.shape[i] !== d)) {
    throw new ShapeError('value', [...lead, S, null], value.shape, ctx);
  }
  if (opts.mask) {
    checkMaskDtype('mask', opts.mask, ctx);
    checkBroadcastable('mask', opts.mask, [...lead, L, S], ctx);
  }
  const p = opts.dropout ?? 0;
  checkProbability('dropout', p, ctx);
  const scale = opts.scale ?? 1 / Math.sqrt(E);

  const parts: SplitMask[] = [];
  if (opts.mask) parts.push(splitMask(opts.mask, 'true-attends'));
  if (opts.causal) parts.push({ keep: causalMask(L, S, 0), additive: null });
  const m = mergeMasks(parts);
  try {
    return tidyObject(() => {
      // As rank-3 batches through mm (fast on wasm, see matmul.ts), then back to [..., L, *].
      const Ev = value.shape[value.rank - 1]!;
      const q3 = reshape(query, [-1, L, E]);
      const k3T = transposeLast(reshape(key, [-1, S, E]));
      const v3 = reshape(value, [-1, S, Ev]);
      const scores = reshape(mul(mm(q3, k3T), scale), [...lead, L, S]);
      let weights = maskedSoftmax(scores, m);
      if (p > 0) weights = new Dropout(p, opts.rng ? { rng: opts.rng } : {}).forward(weights);
      const output = reshape(mm(reshape(weights, [-1, L, S]), v3), [...lead, L, Ev]);
      return { output, weights };
    });
  } finally {
    disposeMask(m);
  }
}
