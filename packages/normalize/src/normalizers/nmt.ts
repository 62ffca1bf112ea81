import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

// The code points HF's `Nmt` (after SentencePiece's NMT rules) removes: C0 controls except
// TAB/LF/FF/CR, DEL, and U+008F / U+009F (only those two of the C1 range, as HF does).
const REMOVED = /[\u0001-\u0008\u000b\u000e-\u001f\u007f\u008f\u009f]/g;
// The code points it turns into a plain space.
const TO_SPACE = /[\t\n\f\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]/g;

/**
 * Hugging Face's `Nmt` normaliser (SentencePiece's NMT cleanup): drops most ASCII control
 * characters and maps TAB, LF, FF, CR, zero-width spaces and marks (U+200B..U+200F), line and
 * paragraph separators, U+1680, U+2581, BOM and U+FFFD to `' '`. Everything else is unchanged.
 */
export class Nmt implements Normalizer {
  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return text.replace(REMOVED, '').replace(TO_SPACE, ' ');
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    // Every affected character is one UTF-16 unit, so a regex replace keeps exact alignments.
    return s.replace(REMOVED, '').replace(TO_SPACE, ' ');
  }

  /** Hugging Face tokenizer.json form. */
  toJSON(): { type: 'Nmt' } {
    return { type: 'Nmt' };
  }
}

/** HF's `Nmt` normaliser (see {@link Nmt}). */
export function nmt(): Nmt {
  return new Nmt();
}
