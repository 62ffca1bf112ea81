import type { Encoding } from './encoding.js';

/** Which sequence(s) truncation shortens. */
export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second';

/** Truncation settings (HF `TruncationParams`). */
export interface TruncationOptions {
  /** Maximum number of tokens, special tokens included. */
  maxLength: number;
  /** Overlap between consecutive overflowing windows. Default 0. */
  stride?: number;
  /** Default `longest_first`. */
  strategy?: TruncationStrategy;
  /** Cut at the end (`right`, default) or the start (`left`). */
  direction?: 'right' | 'left';
}

/**
 * Truncates a sequence (and its pair) in place so that together they have at most `maxLength`
 * tokens (HF `truncate_encodings`). `longest_first` removes tokens one by one from the longer
 * sequence (from the pair when equal); `only_*` removes them all from one sequence and throws if
 * that sequence is too short.
 */
export function truncateEncodings(a: Encoding, b: Encoding | null, t: TruncationOptions, maxLength: number): void {
  const stride = t.stride ?? 0;
  const dir = t.direction ?? 'right';
  if (maxLength === 0) {
    a.truncate(0, stride, dir);
    b?.truncate(0, stride, dir);
    return;
  }
  const total = a.length + (b?.length ?? 0);
  if (total <= maxLength) return;
  const toRemove = total - maxLength;
  const strategy = t.strategy ?? 'longest_first';
  if (strategy === 'longest_first') {
    if (b === null) {
      a.truncate(maxLength, stride, dir);
      return;
    }
    let n1 = a.length;
    let n2 = b.length;
    // Closed form of "remove one token from the longer, the pair on ties".
    const small = Math.min(n1, n2);
    if (small * 2 <= maxLength) {
      if (n1 > n2) n1 = maxLength - n2;
      else n2 = maxLength - n1;
    } else {
      n1 = Math.ceil(maxLength / 2);
      n2 = maxLength - n1;
    }
    a.truncate(n1, stride, dir);
    b.truncate(n2, stride, dir);
    return;
  }
  const target = strategy === 'only_first' ? a : b;
  if (target === null) throw new RangeError('truncation: strategy only_second needs a pair sequence');
  if (target.length <= toRemove) {
    throw new RangeError(`truncation: ${strategy} cannot remove ${toRemove} tokens from a sequence of ${target.length} (max_length ${maxLength} too small)`);
  }
  target.truncate(target.length - toRemove, stride, dir);
}
