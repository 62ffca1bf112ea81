import { NormalizeError } from '../errors.js';
import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';
import { Charsmap } from '../precompiled/charsmap.js';
import { utf8Into } from '../precompiled/utf8.js';

// Extended grapheme clusters, as HF's `graphemes(true)` (unicode-segmentation).
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Hugging Face's `Precompiled` normaliser: SentencePiece's compiled normalisation rules (the
 * `precompiled_charsmap` of T5, ALBERT, XLM-R, mBART, Marian... tokenizer.json files), applied
 * the way HF applies them, quirks included:
 *
 * - the text is cut into extended grapheme clusters; a cluster of fewer than 6 UTF-8 bytes is
 *   looked up whole first, and when the SHORTEST rule key that is a prefix of it matches, the
 *   whole cluster becomes that rule's replacement (so `①` + U+0301 becomes `1`);
 * - otherwise each code point is looked up on its own and replaced, or kept.
 *
 * Offsets follow HF's `NormalizedString::transform` with the change list HF builds (a shrinking
 * replacement charges the removed characters to its last output character, a growing one aligns
 * its extra characters as insertions).
 */
export class Precompiled implements Normalizer {
  /** The parsed charsmap. */
  readonly charsmap: Charsmap;
  readonly #bytes = { buf: new Uint8Array(64) };

  /** @param charsmap the raw `precompiled_charsmap` bytes, its base64 text, or a parsed {@link Charsmap}. */
  constructor(charsmap: Charsmap | Uint8Array | string) {
    this.charsmap =
      charsmap instanceof Charsmap ? charsmap : typeof charsmap === 'string' ? Charsmap.fromBase64(charsmap) : new Charsmap(charsmap);
  }

  /**
   * Calls `emit(source, replacement)` for every piece of `text` in order: `source` is the
   * `[from, to)` UTF-16 range of the piece and `replacement` its new text, or null when it stays.
   */
  #walk(text: string, emit: (from: number, to: number, replacement: string | null) => void): void {
    const cm = this.charsmap;
    for (const { segment, index } of graphemes.segment(text)) {
      const end = index + segment.length;
      const n = utf8Into(text, index, end, this.#bytes);
      if (n < 6) {
        const whole = cm.lookup(this.#bytes.buf, 0, n);
        if (whole !== null) {
          emit(index, end, whole);
          continue;
        }
      }
      for (let i = index; i < end; ) {
        const c = text.charCodeAt(i);
        const w = c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
        const m = utf8Into(text, i, i + w, this.#bytes);
        emit(i, i + w, cm.lookup(this.#bytes.buf, 0, m));
        i += w;
      }
    }
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    let out = '';
    let kept = 0; // start of the run of unchanged text not yet copied
    this.#walk(text, (from, to, rep) => {
      if (rep === null) return;
      out += text.slice(kept, from) + rep;
      kept = to;
    });
    return kept === 0 ? text : out + text.slice(kept);
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    const text = s.normalized;
    const changes: Array<[string, number]> = [];
    let modified = false;
    this.#walk(text, (from, to, rep) => {
      if (rep === null) {
        for (const ch of text.slice(from, to)) changes.push([ch, 0]);
        return;
      }
      modified = true;
      // HF's `replace(transformations, old, new)`, counting code points.
      let oldCount = 0;
      for (const _ of text.slice(from, to)) oldCount++;
      const before = changes.length;
      for (const ch of rep) changes.push([ch, 0]);
      const diff = changes.length - before - oldCount;
      if (diff > 0) {
        for (let k = changes.length - 1; k >= changes.length - diff; k--) changes[k]![1] = 1;
      } else if (diff < 0 && changes.length > 0) {
        // The last change so far (possibly a previous piece's when `rep` is empty) absorbs the removal.
        changes[changes.length - 1]![1] += diff;
      }
    });
    return modified ? s.transform(changes, 0) : s;
  }

  /** Hugging Face tokenizer.json form (the charsmap as base64). */
  toJSON(): { type: 'Precompiled'; precompiled_charsmap: string } {
    return { type: 'Precompiled', precompiled_charsmap: this.charsmap.toBase64() };
  }
}

/** HF's `Precompiled` normaliser from a SentencePiece charsmap (see {@link Precompiled}). */
export function precompiled(charsmap: Charsmap | Uint8Array | string): Precompiled {
  if (!(charsmap instanceof Charsmap) && !(charsmap instanceof Uint8Array) && typeof charsmap !== 'string') {
    throw new NormalizeError(`precompiled: charsmap must be bytes, base64 text or a Charsmap, got ${charsmap === null ? 'null' : typeof charsmap}`);
  }
  return new Precompiled(charsmap);
}
