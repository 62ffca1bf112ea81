import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

const WS_RUN = /\p{White_Space}+/gu;
const IS_WS = /^\p{White_Space}$/u;

/** Whether `ch` has the Unicode White_Space property (Rust's `char::is_whitespace`). */
export function isWhiteSpace(ch: string): boolean {
  return IS_WS.test(ch);
}

/** Replaces every run of White_Space characters by one space `' '`. */
export class CollapseWhitespace implements Normalizer {
  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return text.replace(WS_RUN, ' ');
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.replace(WS_RUN, ' ');
  }
}

/** Collapses whitespace runs to one space (see {@link CollapseWhitespace}). */
export function collapseWhitespace(): CollapseWhitespace {
  return new CollapseWhitespace();
}

/** Options of {@link strip}. */
export interface StripOptions {
  /** Remove leading whitespace (default true). */
  left?: boolean;
  /** Remove trailing whitespace (default true). */
  right?: boolean;
  /**
   * Which code points count as whitespace. Default: the Unicode White_Space property (as Rust's
   * `char::is_whitespace` in HF's `Strip`).
   */
  isSpace?: (ch: string) => boolean;
}

/** Removes leading and/or trailing whitespace, like HF's `Strip` normaliser. */
export class Strip implements Normalizer {
  /** Whether leading whitespace is removed. */
  readonly left: boolean;
  /** Whether trailing whitespace is removed. */
  readonly right: boolean;
  readonly #isSpace: (ch: string) => boolean;

  constructor(options: StripOptions = {}) {
    this.left = options.left ?? true;
    this.right = options.right ?? true;
    this.#isSpace = options.isSpace ?? isWhiteSpace;
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    let a = 0;
    let b = text.length;
    const isSpace = this.#isSpace;
    if (this.left) {
      while (a < b) {
        const w = text.codePointAt(a)! > 0xffff ? 2 : 1;
        if (!isSpace(text.slice(a, a + w))) break;
        a += w;
      }
    }
    if (this.right) {
      while (b > a) {
        const lo = text.charCodeAt(b - 1);
        const w = lo >= 0xdc00 && lo <= 0xdfff && b - 2 >= a && text.codePointAt(b - 2)! > 0xffff ? 2 : 1;
        if (!isSpace(text.slice(b - w, b))) break;
        b -= w;
      }
    }
    return text.slice(a, b);
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.strip(this.left, this.right, this.#isSpace);
  }

  /** Hugging Face tokenizer.json form (only for the default whitespace test). */
  toJSON(): { type: 'Strip'; strip_left: boolean; strip_right: boolean } {
    return { type: 'Strip', strip_left: this.left, strip_right: this.right };
  }
}

/** Strips whitespace at both ends, or only `left` / `right` (see {@link Strip}). */
export function strip(options?: StripOptions): Strip {
  return new Strip(options);
}
