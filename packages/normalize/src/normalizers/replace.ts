import { NormalizeError } from '../errors.js';
import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';
import { globalRegex } from '../transforms.js';

/**
 * Replaces every match of a pattern. A string pattern matches literally (all occurrences); a
 * RegExp is applied globally. The replacement may use `$1`, `$&`, `$<name>` as in
 * `String.prototype.replace`; in `normalizeString` each replacement aligns to its match's span.
 */
export class Replace implements Normalizer {
  /** The pattern as given. */
  readonly pattern: string | RegExp;
  /** The replacement text. */
  readonly replacement: string;
  readonly #re: RegExp;

  constructor(pattern: string | RegExp, replacement: string) {
    if (typeof replacement !== 'string') {
      throw new NormalizeError(`replace: replacement must be a string, got ${typeof replacement}`);
    }
    this.#re = globalRegex(pattern);
    this.pattern = pattern;
    this.replacement = replacement;
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    this.#re.lastIndex = 0;
    return text.replace(this.#re, this.replacement);
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.replace(this.#re, this.replacement);
  }

  /** Hugging Face tokenizer.json form. */
  toJSON(): { type: 'Replace'; pattern: { String: string } | { Regex: string }; content: string } {
    const pattern = typeof this.pattern === 'string' ? { String: this.pattern } : { Regex: this.pattern.source };
    return { type: 'Replace', pattern, content: this.replacement };
  }
}

/** Replaces matches of `pattern` by `replacement` (see {@link Replace}). */
export function replace(pattern: string | RegExp, replacement: string): Replace {
  return new Replace(pattern, replacement);
}

/** Prepends a string to non-empty text (HF's `Prepend`, e.g. `'▁'` for SentencePiece models). */
export class Prepend implements Normalizer {
  /** The prefix. */
  readonly prefix: string;

  constructor(prefix: string) {
    if (typeof prefix !== 'string') throw new NormalizeError(`prepend: prefix must be a string, got ${typeof prefix}`);
    this.prefix = prefix;
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return text.length === 0 ? text : this.prefix + text;
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.prepend(this.prefix);
  }

  /** Hugging Face tokenizer.json form. */
  toJSON(): { type: 'Prepend'; prepend: string } {
    return { type: 'Prepend', prepend: this.prefix };
  }
}

/** Prepends `prefix` to non-empty text (see {@link Prepend}). */
export function prepend(prefix: string): Prepend {
  return new Prepend(prefix);
}
