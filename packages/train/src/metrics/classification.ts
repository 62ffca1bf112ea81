import { argMax, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { ValueError } from '@seqlab/core';

/**
 * Fraction of `predictions` equal to `targets`, skipping positions whose target is `ignoreIndex`
 * (padding). Returns `{ correct, total, accuracy }`; accuracy is 0 when nothing is counted.
 */
export function accuracy(predictions: ArrayLike<number>, targets: ArrayLike<number>, ignoreIndex?: number): { correct: number; total: number; accuracy: number } {
  if (predictions.length !== targets.length) {
    throw new ValueError(`accuracy: predictions has ${predictions.length} elements, targets has ${targets.length}`);
  }
  let correct = 0;
  let total = 0;
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] === ignoreIndex) continue;
    total++;
    if (predictions[i] === targets[i]) correct++;
  }
  return { correct, total, accuracy: total ? correct / total : 0 };
}

/** {@link accuracy} of the arg-max of `logits` `[..., C]` against int `targets` `[...]`; reads back to the host. */
export async function accuracyFromLogits(logits: Tensor, targets: Tensor, ignoreIndex?: number): Promise<{ correct: number; total: number; accuracy: number }> {
  const pred = tidy(() => argMax(logits, -1));
  try {
    if (pred.shape.length !== targets.shape.length || pred.shape.some((d, i) => d !== targets.shape[i])) {
      throw new ValueError(`accuracyFromLogits: targets must have shape [${pred.shape.join(', ')}], got [${targets.shape.join(', ')}]`);
    }
    return accuracy(await pred.data(), await targets.data(), ignoreIndex);
  } finally {
    pred.dispose();
  }
}

/**
 * Perplexity `exp(total NLL / tokens)` from a summed negative log-likelihood in nats (the
 * word_language_model tutorial's `math.exp(total_loss / len)`).
 */
export function perplexity(totalNll: number, tokens = 1): number {
  if (!(tokens > 0)) throw new ValueError(`perplexity: tokens must be positive, got ${tokens}`);
  if (!Number.isFinite(totalNll)) throw new ValueError(`perplexity: totalNll must be finite, got ${totalNll}`);
  return Math.exp(totalNll / tokens);
}
