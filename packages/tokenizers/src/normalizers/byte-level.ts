import type { NormalizedString, Normalizer } from '@seqlab/normalize';
import { BYTE_TO_CHAR } from '../utils/bytes-to-unicode.js';

const encoder = new TextEncoder();

/**
 * HF's `ByteLevel` normaliser: every character becomes the GPT-2 byte-level characters of its
 * UTF-8 bytes (`é` -> `Ã©`, space -> `Ġ`). Offsets as in HF: a character's first byte character
 * replaces it, the others are insertions aligned with it. A lone surrogate counts as U+FFFD (its
 * UTF-8 form), as `TextEncoder` does.
 */
export class ByteLevelNormalizer implements Normalizer {
  /** {@inheritDoc @seqlab/normalize!Normalizer.normalize} */
  normalize(text: string): string {
    let out = '';
    for (const b of encoder.encode(text)) out += BYTE_TO_CHAR[b]!;
    return out;
  }

  /** {@inheritDoc @seqlab/normalize!Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    const text = s.normalized;
    if (text.length === 0) return s;
    const changes: Array<[string, number]> = [];
    for (const ch of text) {
      const bytes = encoder.encode(ch);
      for (let k = 0; k < bytes.length; k++) changes.push([BYTE_TO_CHAR[bytes[k]!]!, k > 0 ? 1 : 0]);
    }
    return s.transform(changes, 0);
  }

  /** Hugging Face tokenizer.json form. */
  toJSON(): { type: 'ByteLevel' } {
    return { type: 'ByteLevel' };
  }
}
