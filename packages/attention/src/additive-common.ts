/**
 * Shared plumbing of the RNN-style attentions (Bahdanau, Luong): argument checks, one-step vs
 * many-step queries, the key mask, and the weighted sum of values.
 * @module
 */
import { ShapeError } from '@seqlab/core';
import { expandDims, matMul, reshape, squeeze, type Tensor } from '@tensorflow/tfjs-core';
import { checkMaskDtype } from './validate.js';

/** Per-call inputs shared by {@link BahdanauAttention} and {@link LuongAttention}. */
export interface RnnAttentionCallOptions {
  /** `[B, S, Hv]`; defaults to `keys` (the encoder outputs). */
  values?: Tensor;
  /** `[B, S]` boolean key mask, seqlab's convention: `true` = a real key, `false` = padding. */
  mask?: Tensor;
}

/** What {@link BahdanauAttention} and {@link LuongAttention} return. */
export interface RnnAttentionResult {
  /** `[B, Hv]` for a one-step query `[B, Hq]`, `[B, Tq, Hv]` for `[B, Tq, Hq]`. */
  context: Tensor;
  /** `[B, S]` or `[B, Tq, S]`; masked keys get 0 and a fully masked row is all zeros. */
  weights: Tensor;
}

/** Validated shapes of one call. */
export interface RnnAttentionShapes {
  B: number;
  S: number;
  Tq: number;
  /** The query was one step `[B, Hq]`. */
  step: boolean;
}

/** Checks query / keys / values / mask and returns the sizes. */
export function checkRnnAttentionArgs(
  ctx: string,
  queryDim: number,
  keyDim: number,
  query: Tensor,
  keys: Tensor,
  values: Tensor | undefined,
  mask: Tensor | undefined,
): RnnAttentionShapes {
  if (keys.rank !== 3 || keys.shape[2] !== keyDim) throw new ShapeError('keys', [null, null, keyDim], keys.shape, ctx);
  const [B, S] = keys.shape as [number, number, number];
  const step = query.rank === 2;
  if (!((step && query.shape[0] === B && query.shape[1] === queryDim) || (query.rank === 3 && query.shape[0] === B && query.shape[2] === queryDim))) {
    throw new ShapeError('query', `[${B}, ${queryDim}] or [${B}, *, ${queryDim}]`, query.shape, ctx);
  }
  if (values && (values.rank !== 3 || values.shape[0] !== B || values.shape[1] !== S)) {
    throw new ShapeError('values', [B, S, null], values.shape, ctx);
  }
  if (mask) {
    checkMaskDtype('mask', mask, ctx, false);
    if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== S) throw new ShapeError('mask', [B, S], mask.shape, ctx);
  }
  return { B, S, Tq: step ? 1 : query.shape[1]!, step };
}

/** `[B, Hq]` -> `[B, 1, Hq]`; `[B, Tq, Hq]` unchanged. */
export function asSteps(query: Tensor): Tensor {
  return query.rank === 2 ? expandDims(query, 1) : query;
}

/** `[B, 1, S]` key mask for scores `[B, Tq, S]`. */
export function keyMask(mask: Tensor | undefined, B: number, S: number): Tensor | null {
  return mask ? reshape(mask, [B, 1, S]) : null;
}

/** Weighted sum of values, and the one-step squeeze back. */
export function finish(weights: Tensor, values: Tensor, step: boolean): RnnAttentionResult {
  const context = matMul(weights, values);
  return step ? { context: squeeze(context, [1]), weights: squeeze(weights, [1]) } : { context, weights };
}
