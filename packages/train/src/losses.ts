import { crossEntropy, type CrossEntropyOptions } from '@seqlab/core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/** Options of {@link tokenCrossEntropy}. */
export interface TokenLossOptions {
  /** Targets equal to this (padding) are ignored (default: none). */
  padId?: number;
  /** Label smoothing ε (default 0), core's `crossEntropy` semantics (= PyTorch's). */
  labelSmoothing?: number;
}

/**
 * Mean token cross-entropy for sequence models: `logits [..., V]` vs int32 `targets [...]`,
 * padding ignored, optional label smoothing, through `@seqlab/core`'s `crossEntropy`.
 */
export function tokenCrossEntropy(logits: Tensor, targets: Tensor, opts: TokenLossOptions = {}): Scalar {
  const ce: CrossEntropyOptions = { labelSmoothing: opts.labelSmoothing ?? 0 };
  if (opts.padId !== undefined) ce.ignoreIndex = opts.padId;
  return crossEntropy(logits, targets, ce) as Scalar;
}
