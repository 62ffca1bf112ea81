import { NormalizedString } from './normalized-string.js';

/**
 * A text normaliser. Both methods give the same text: `normalizeString(new NormalizedString(t))
 * .normalized === normalize(t)` for every `t`; the second also keeps alignments to the original.
 */
export interface Normalizer {
  /** Plain normalisation. */
  normalize(text: string): string;
  /** Normalisation that keeps alignments to the original. */
  normalizeString(s: NormalizedString): NormalizedString;
}

/**
 * Convenience: normalises `text` with `normalizer` keeping alignments, starting from the identity
 * alignment.
 *
 * @example
 * ```ts
 * const ns = normalizeWithOffsets(nfkc(), 'ﬁne');
 * ns.normalized;          // 'fine'
 * ns.originalSpan(0, 2);  // [0, 1]  ('fi' came from 'ﬁ')
 * ```
 */
export function normalizeWithOffsets(normalizer: Normalizer, text: string): NormalizedString {
  return normalizer.normalizeString(new NormalizedString(text));
}
