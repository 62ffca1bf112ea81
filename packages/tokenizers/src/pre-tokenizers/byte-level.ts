import { BYTE_TO_CHAR } from '../utils/bytes-to-unicode.js';
import { utf8WithUnits } from '../utils/utf8.js';
import { alignmentOf, type Split } from '../split.js';
import { gpt2Pieces } from './gpt2-scanner.js';
import { registerByteLevelMaterializer, resolved, type PreTokenizer } from './pre-tokenizer.js';

/** Options of {@link ByteLevelPreTokenizer} (HF `pre_tokenizers.ByteLevel`). */
export interface ByteLevelOptions {
  /** Prepend a space when the text does not start with one, so the first word looks like the others. Default true (HF default). */
  addPrefixSpace?: boolean;
  /** Split with the GPT-2 regex first. Default true. */
  useRegex?: boolean;
  /** Whether the post-processor trims offsets (HF keeps this field on the pre-tokenizer too). Default true. */
  trimOffsets?: boolean;
}

/**
 * GPT-2's byte-level pre-tokenizer: split with the GPT-2 regex, then view each piece as its
 * UTF-8 bytes mapped to printable characters (`bytes_to_unicode`). The mapping is deferred
 * (`Split.byteLevel`) so that BPE can do it once per distinct word inside its cache.
 */
export class ByteLevelPreTokenizer implements PreTokenizer {
  readonly type = 'ByteLevel';
  readonly addPrefixSpace: boolean;
  readonly useRegex: boolean;
  readonly trimOffsets: boolean;

  constructor(options: ByteLevelOptions = {}) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.useRegex = options.useRegex ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
  }

  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    const ranges: number[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      const text = s.text;
      if (text.length === 0) continue;
      const prefix = this.addPrefixSpace && text.charCodeAt(0) !== 0x20;
      if (s.align !== null) {
        // Non-identity alignment (a normaliser ran): materialise eagerly, the rare path.
        const src = prefix ? { ...s, prefixSpace: firstCharLen(text) } : s;
        const pieces = this.useRegex ? this.ranges(prefix ? ` ${text}` : text, ranges) : [0, text.length + (prefix ? 1 : 0)];
        const view = materializePieces(src, prefix, pieces);
        out.push(...view);
        continue;
      }
      if (!this.useRegex) {
        out.push({ text, align: null, start: s.start, byteLevel: true, prefixSpace: prefix ? firstCharLen(text) : 0 });
        continue;
      }
      if (prefix) {
        const r = this.ranges(` ${text}`, ranges);
        for (let k = 0; k < r.length; k += 2) {
          const a = r[k]!;
          const b = r[k + 1]!;
          if (a === 0) {
            out.push({ text: text.slice(0, b - 1), align: null, start: s.start, byteLevel: true, prefixSpace: firstCharLen(text) });
          } else {
            out.push({ text: text.slice(a - 1, b - 1), align: null, start: s.start + a - 1, byteLevel: true, prefixSpace: 0 });
          }
        }
      } else {
        const r = this.ranges(text, ranges);
        for (let k = 0; k < r.length; k += 2) {
          const a = r[k]!;
          const b = r[k + 1]!;
          out.push({ text: a === 0 && b === text.length ? text : text.slice(a, b), align: null, start: s.start + a, byteLevel: true, prefixSpace: 0 });
        }
      }
    }
    return out;
  }

  private ranges(text: string, buf: number[]): number[] {
    buf.length = 0;
    gpt2Pieces(text, 0, text.length, buf);
    return buf;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'ByteLevel', add_prefix_space: this.addPrefixSpace, trim_offsets: this.trimOffsets, use_regex: this.useRegex };
  }
}

function firstCharLen(text: string): number {
  const c = text.charCodeAt(0);
  return c >= 0xd800 && c <= 0xdbff && text.length > 1 && (text.charCodeAt(1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/**
 * Eager byte-level mapping of pieces `[a, b)` of `(prefix ? ' ' : '') + s.text` for a split with
 * an explicit alignment: every mapped byte character aligns to the span of its source character.
 */
function materializePieces(s: Split, prefix: boolean, pieces: number[]): Split[] {
  const align = alignmentOf(s);
  const out: Split[] = [];
  const off = prefix ? 1 : 0;
  for (let k = 0; k < pieces.length; k += 2) {
    const a = pieces[k]!;
    const b = pieces[k + 1]!;
    const hasPrefix = prefix && a === 0;
    const ta = Math.max(0, a - off);
    const tb = b - off;
    out.push(mapBytes(s.text, ta, tb, align, hasPrefix ? firstCharLen(s.text) : 0));
  }
  return out;
}

function mapBytes(text: string, a: number, b: number, align: Int32Array, prefixSpan: number): Split {
  const bytes: number[] = [];
  const us: number[] = [];
  const ue: number[] = [];
  if (prefixSpan > 0) {
    bytes.push(0x20);
    us.push(-1);
    ue.push(-1);
  }
  utf8WithUnits(text, a, b, bytes, us, ue);
  let mapped = '';
  const al = new Int32Array(2 * bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    mapped += BYTE_TO_CHAR[bytes[i]!]!;
    if (us[i] === -1) {
      // The added space aligns with the first character of the input, as HF's `prepend` does.
      al[2 * i] = align[0]!;
      al[2 * i + 1] = align[2 * prefixSpan - 1]!;
    } else {
      al[2 * i] = align[2 * (a + us[i]!)]!;
      al[2 * i + 1] = align[2 * (a + ue[i]! - 1) + 1]!;
    }
  }
  return { text: mapped, align: al, start: 0, byteLevel: false, prefixSpace: 0 };
}

/** Applies a deferred byte-level mapping (see `Split.byteLevel`), giving text + alignment. */
export function materializeByteLevel(s: Split): Split {
  if (!s.byteLevel) return s;
  const align = alignmentOf({ ...s, text: s.prefixSpace > 0 && s.text.length === 0 ? ' '.repeat(s.prefixSpace) : s.text });
  return mapBytes(s.text, 0, s.text.length, align, s.prefixSpace);
}

registerByteLevelMaterializer(materializeByteLevel);
