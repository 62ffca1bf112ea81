import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

const NONSPACING = /\p{Mn}/gu;
const ANY_MARK = /\p{M}/gu;

/** Options of {@link stripAccents}. */
export interface StripAccentsOptions {
  /**
   * Which marks to drop after NFD: `'nonspacing'` (General_Category Mn, the default, as Python's
   * `unicodedata.category(c) != 'Mn'` in the PyTorch tutorial and HF's BERT normaliser) or `'all'`
   * (Mn, Mc and Me, as HF's standalone `StripAccents`).
   */
  marks?: 'nonspacing' | 'all';
}

/**
 * Removes accents: NFD, then drops combining marks. `'Crème Brûlée'` gives `'Creme Brulee'`.
 * Letters without a decomposition (`'ø'`, `'đ'`, `'ł'`) are kept as they are.
 */
export class StripAccents implements Normalizer {
  /** Which marks are dropped. */
  readonly marks: 'nonspacing' | 'all';
  readonly #strip: RegExp;

  constructor(options: StripAccentsOptions = {}) {
    const marks = options.marks ?? 'nonspacing';
    if (marks !== 'nonspacing' && marks !== 'all') {
      throw new TypeError(`stripAccents: marks must be 'nonspacing' or 'all', got ${JSON.stringify(marks)}`);
    }
    this.marks = marks;
    this.#strip = marks === 'all' ? ANY_MARK : NONSPACING;
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return text.normalize('NFD').replace(this.#strip, '');
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.normalizeUnicode('NFD').replace(this.#strip, '');
  }
}

/** NFD, then drop combining marks (see {@link StripAccents}). */
export function stripAccents(options?: StripAccentsOptions): StripAccents {
  return new StripAccents(options);
}

/**
 * The PyTorch seq2seq tutorial's `unicodeToAscii`: `''.join(c for c in unicodedata.normalize('NFD',
 * s) if unicodedata.category(c) != 'Mn')`. Despite its name the result may keep non-ASCII letters.
 */
export function unicodeToAscii(): StripAccents {
  return new StripAccents({ marks: 'nonspacing' });
}
