/**
 * Mask normalisation shared by every attention variant: any accepted mask becomes a boolean
 * `keep` (true = attend) plus a finite additive float part, in the shape the scores broadcast to.
 * @module
 */
import { add, greater, logicalAnd, logicalNot, where, zerosLike, type Tensor } from '@tensorflow/tfjs-core';
import { tidyObject } from './tidy-object.js';
import { MASKED_ADDITIVE_THRESHOLD } from './masked-softmax.js';

/** A mask split into its boolean and additive parts; either may be null. */
export interface SplitMask {
  /** true = attend. */
  keep: Tensor | null;
  /** finite additive bias on the scores. */
  additive: Tensor | null;
}

/** How a boolean mask is to be read. */
export type BoolConvention = 'true-attends' | 'true-masks';

/**
 * Splits one mask. Boolean masks are read with `convention`; float masks are additive, and their
 * entries <= {@link MASKED_ADDITIVE_THRESHOLD} (e.g. `-Infinity`) become `keep = false`.
 */
export function splitMask(mask: Tensor, convention: BoolConvention): SplitMask {
  return tidyObject(() => {
    if (mask.dtype === 'bool') {
      return { keep: convention === 'true-attends' ? mask.clone() : logicalNot(mask), additive: null };
    }
    const keep = greater(mask, MASKED_ADDITIVE_THRESHOLD);
    return { keep, additive: where(keep, mask, zerosLike(mask)) };
  });
}

/** Combines split masks (AND of keeps, sum of additive parts), broadcasting. Disposes its inputs. */
export function mergeMasks(parts: SplitMask[]): SplitMask {
  let keep: Tensor | null = null;
  let additive: Tensor | null = null;
  for (const p of parts) {
    if (p.keep) {
      if (keep) {
        const next: Tensor = logicalAnd(keep, p.keep);
        keep.dispose();
        p.keep.dispose();
        keep = next;
      } else keep = p.keep;
    }
    if (p.additive) {
      if (additive) {
        const next: Tensor = add(additive, p.additive);
        additive.dispose();
        p.additive.dispose();
        additive = next;
      } else additive = p.additive;
    }
  }
  return { keep, additive };
}

/** Disposes both parts. */
export function disposeMask(m: SplitMask): void {
  m.keep?.dispose();
  m.additive?.dispose();
}
