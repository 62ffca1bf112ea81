import { AlignmentBuilder } from '../alignment-builder.js';
import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

/** Options of {@link bert}; the names and defaults of HF tokenizers' `BertNormalizer`. */
export interface BertOptions {
  /** Remove NUL, U+FFFD and control characters; map whitespace to `' '` (default true). */
  cleanText?: boolean;
  /** Put spaces around CJK ideographs so each becomes its own word (default true). */
  handleChineseChars?: boolean;
  /** NFD then drop nonspacing marks; `undefined` (default) means: same as `lowercase`. */
  stripAccents?: boolean;
  /** Lowercase code point by code point (default true). */
  lowercase?: boolean;
}

// "Other" categories as Rust's unicode_categories `is_other` (Cc, Cf, Cn, Co), plus Cs: JavaScript
// strings can hold lone surrogates, which Rust strings cannot; they are removed like other junk.
// Cc without TAB, LF, CR is spelled out as ranges: a lookahead per position costs twice the time.
const CLEAN_ALL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\p{Cf}\p{Cn}\p{Co}\p{Cs}]/gu;
// Runs that may hold something to clean: the plain path runs CLEAN_ALL only inside them (same
// result, as CLEAN_ALL never matches printable ASCII, TAB, LF or CR), about 2.5 times faster.
const MAYBE_DIRTY = /[^\x20-\x7e\t\n\r]+/g;
/**
 * White_Space other than U+0020 itself, spelled out (the property has not changed since Unicode
 * 6.3; a test checks it against \p{White_Space}): 4 times faster than `(?! )\p{White_Space}`.
 */
export const WHITE_SPACE_NOT_SPACE = /[\t\n\v\f\r\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
const WS_ALL = WHITE_SPACE_NOT_SPACE;
const NONSPACING_ALL = /\p{Mn}/gu;
const CHANGES_WHEN_LOWERCASED = /\p{Changes_When_Lowercased}/gu;
const SIGMA = '\u03a3';

/** The CJK ranges of HF's `is_chinese_char` (the original BERT's `_is_chinese_char`). */
export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

const CHINESE_ALL =
  /[\u{4e00}-\u{9fff}\u{3400}-\u{4dbf}\u{20000}-\u{2a6df}\u{2a700}-\u{2b73f}\u{2b740}-\u{2b81f}\u{2b920}-\u{2ceaf}\u{f900}-\u{faff}\u{2f800}-\u{2fa1f}]/gu;

/**
 * The BERT normaliser, step for step as Hugging Face tokenizers' `BertNormalizer` (bert.rs):
 * 1. clean text: drop NUL, U+FFFD and "other" characters (Cc, Cf, Cn, Co; TAB, LF, CR are kept),
 *    then map TAB, LF, CR and every White_Space character to `' '`;
 * 2. CJK: `' ' + c + ' '` around each ideograph of {@link isChineseChar};
 * 3. strip accents: NFD, drop nonspacing marks (Mn);
 * 4. lowercase code point by code point (no final-sigma rule).
 *
 * Differences from HF, by necessity: categories (Cn, Mn, White_Space) come from the JavaScript
 * engine's Unicode version rather than the Rust crates' older tables, and lone surrogates (which a
 * Rust string cannot hold) are removed by clean text.
 */
export class BertNormalizer implements Normalizer {
  /** Whether text is cleaned. */
  readonly cleanText: boolean;
  /** Whether CJK ideographs are surrounded with spaces. */
  readonly handleChineseChars: boolean;
  /** Whether accents are stripped. */
  readonly stripAccents: boolean;
  /** Whether text is lowercased. */
  readonly lowercase: boolean;

  constructor(options: BertOptions = {}) {
    this.cleanText = options.cleanText ?? true;
    this.handleChineseChars = options.handleChineseChars ?? true;
    this.lowercase = options.lowercase ?? true;
    this.stripAccents = options.stripAccents ?? this.lowercase;
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    let t = text;
    if (this.cleanText) t = t.replace(MAYBE_DIRTY, (run) => run.replace(CLEAN_ALL, '')).replace(WS_ALL, ' ');
    if (this.handleChineseChars) t = t.replace(CHINESE_ALL, ' $& ');
    if (this.stripAccents) t = t.normalize('NFD').replace(NONSPACING_ALL, '');
    if (this.lowercase) t = t.includes(SIGMA) ? t.split(SIGMA).map((p) => p.toLowerCase()).join('\u03c3') : t.toLowerCase();
    return t;
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    let n = s;
    if (this.cleanText) n = n.replace(CLEAN_ALL, '').replace(WS_ALL, ' ');
    if (this.handleChineseChars) n = spaceAroundChinese(n);
    if (this.stripAccents) n = n.normalizeUnicode('NFD').replace(NONSPACING_ALL, '');
    if (this.lowercase) n = n.replace(CHANGES_WHEN_LOWERCASED, (ch) => ch.toLowerCase());
    return n;
  }

  /** Hugging Face tokenizer.json form. */
  toJSON(): {
    type: 'BertNormalizer';
    clean_text: boolean;
    handle_chinese_chars: boolean;
    strip_accents: boolean;
    lowercase: boolean;
  } {
    return {
      type: 'BertNormalizer',
      clean_text: this.cleanText,
      handle_chinese_chars: this.handleChineseChars,
      strip_accents: this.stripAccents,
      lowercase: this.lowercase,
    };
  }
}

/**
 * `' ' + c + ' '` around each CJK ideograph with HF's alignments: HF's transform
 * `[(' ', 0), (c, 1), (' ', 1)]` (the leading space replaces `c`, `c` and the trailing space are
 * insertions after it) gives all three `c`'s span.
 */
function spaceAroundChinese(ns: NormalizedString): NormalizedString {
  const text = ns.normalized;
  const re = new RegExp(CHINESE_ALL.source, 'gu');
  let m = re.exec(text);
  if (m === null) return ns;
  const out = new AlignmentBuilder(ns, text.length + 64);
  let last = 0;
  for (; m !== null; m = re.exec(text)) {
    const i = m.index;
    const w = m[0].length;
    out.keep(last, i);
    out.push(' ', i, i + w);
    out.keep(i, i + w);
    out.push(' ', i, i + w);
    last = i + w;
  }
  out.keep(last, text.length);
  return out.finish();
}

/** The BERT normaliser (see {@link BertNormalizer}). */
export function bert(options?: BertOptions): BertNormalizer {
  return new BertNormalizer(options);
}
