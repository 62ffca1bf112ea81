import { caseFoldText, foldableRegex, foldCodePoint } from '../case-folding.js';
import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

/** The code points that lowercasing changes (checked equal to `c.toLowerCase() !== c` for all). */
const CHANGES_WHEN_LOWERCASED = /\p{Changes_When_Lowercased}/gu;

/** Lowercases one code point with no context (so U+03A3 'Σ' always gives 'σ'). */
function lowerCodePoint(ch: string): string {
  return ch.toLowerCase();
}

/**
 * Lowercasing code point by code point with the full Unicode lowercase mappings (`'İ'` -> `'i̇'`),
 * without context: this is Rust's `char::to_lowercase` as used by Hugging Face tokenizers'
 * `Lowercase` normaliser, so `'ΣΑΣ'` gives `'σασ'` (JavaScript's `toLowerCase` would give a final
 * `'ς'`).
 */
export class Lowercase implements Normalizer {
  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    // String.prototype.toLowerCase is per code point except for Final_Sigma, its only
    // language-independent context rule: lowercase around each capital sigma instead.
    if (!text.includes('\u03a3')) return text.toLowerCase();
    return text
      .split('\u03a3')
      .map((p) => p.toLowerCase())
      .join('\u03c3');
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.replace(CHANGES_WHEN_LOWERCASED, lowerCodePoint);
  }

  /** Hugging Face tokenizer.json form. */
  toJSON(): { type: 'Lowercase' } {
    return { type: 'Lowercase' };
  }
}

/** Context-free full lowercasing (see {@link Lowercase}). */
export function lowercase(): Lowercase {
  return new Lowercase();
}

/**
 * Full Unicode case folding: every code point is replaced by its status C or F mapping from
 * Unicode's CaseFolding.txt (the table is generated from the Unicode version in
 * {@link CASE_FOLDING_VERSION}). Unlike lowercasing, `'ß'` folds to `'ss'`, `'ς'` to `'σ'`, and
 * Cherokee small letters to capitals. Status T (Turkic) mappings are not applied; status S (simple)
 * ones are superseded by F, as the Unicode default full folding specifies.
 */
export class CaseFold implements Normalizer {
  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return caseFoldText(text);
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.replace(foldableRegex(), foldCodePoint);
  }
}

/** Full Unicode case folding (see {@link CaseFold}). */
export function caseFold(): CaseFold {
  return new CaseFold();
}
