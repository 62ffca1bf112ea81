import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';
import { checkForm, type UnicodeForm } from '../unicode-forms.js';

/**
 * One of the Unicode normalisation forms. Plain `normalize` is `String.prototype.normalize` (the
 * engine's ICU); `normalizeString` gives the same text with exact alignments.
 */
export class UnicodeNormalizer implements Normalizer {
  /** The form applied. */
  readonly form: UnicodeForm;

  /** @throws {@link NormalizeError} unless `form` is NFC, NFD, NFKC or NFKD. */
  constructor(form: UnicodeForm) {
    checkForm(form);
    this.form = form;
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return text.normalize(this.form);
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.normalizeUnicode(this.form);
  }

  /** Hugging Face tokenizer.json form: `{ "type": "NFC" }` etc. */
  toJSON(): { type: UnicodeForm } {
    return { type: this.form };
  }
}

/** Canonical composition (NFC). */
export function nfc(): UnicodeNormalizer {
  return new UnicodeNormalizer('NFC');
}

/** Canonical decomposition (NFD). */
export function nfd(): UnicodeNormalizer {
  return new UnicodeNormalizer('NFD');
}

/** Compatibility composition (NFKC). */
export function nfkc(): UnicodeNormalizer {
  return new UnicodeNormalizer('NFKC');
}

/** Compatibility decomposition (NFKD). */
export function nfkd(): UnicodeNormalizer {
  return new UnicodeNormalizer('NFKD');
}
