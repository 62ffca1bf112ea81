/**
 * Unicode character classes with the definitions HF's Rust code uses (Rust `char` methods and
 * Oniguruma's Unicode classes), which differ from JS regex shorthands in a few code points:
 * JS `\s` includes U+FEFF and excludes U+0085; Rust/Oniguruma White_Space is the reverse.
 */

const WS = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Unicode White_Space (Rust `char::is_whitespace`, Oniguruma `\s`). */
export function isWhitespace(cp: number): boolean {
  return cp < 0x80 ? cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) : WS.has(cp);
}

/** Class codes used by the GPT-2 scanner. */
export const CLS_OTHER = 0;
export const CLS_LETTER = 1;
export const CLS_NUMBER = 2;
export const CLS_SPACE = 3;

const RE_L = /^\p{L}$/u;
const RE_N = /^\p{N}$/u;
const RE_P = /^\p{P}$/u;
const RE_W = /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;

/** BMP table of L/N/space/other, built once (65,536 regex tests, a few ms). */
let bmp: Uint8Array | null = null;
const astral = new Map<number, number>();

function classify(cp: number): number {
  if (isWhitespace(cp)) return CLS_SPACE;
  if (cp >= 0xd800 && cp <= 0xdfff) return CLS_OTHER; // lone surrogate
  const ch = String.fromCodePoint(cp);
  if (RE_L.test(ch)) return CLS_LETTER;
  if (RE_N.test(ch)) return CLS_NUMBER;
  return CLS_OTHER;
}

/** The BMP class table (index by UTF-16 unit for non-surrogates). */
export function bmpClasses(): Uint8Array {
  if (bmp === null) {
    bmp = new Uint8Array(65536);
    for (let c = 0; c < 65536; c++) bmp[c] = classify(c);
  }
  return bmp;
}

/** Class of any code point. */
export function classOf(cp: number): number {
  if (cp < 0x10000) return bmpClasses()[cp]!;
  let c = astral.get(cp);
  if (c === undefined) {
    c = classify(cp);
    astral.set(cp, c);
  }
  return c;
}

/** Rust `char::is_numeric` (general category N*). */
export function isNumeric(cp: number): boolean {
  return classOf(cp) === CLS_NUMBER;
}

/** HF's punctuation test: ASCII punctuation (incl. symbols like `$+<=>^|~`) or category P*. */
export function isPunctuation(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x21 && cp <= 0x2f) || (cp >= 0x3a && cp <= 0x40) || (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0x7e);
  }
  return RE_P.test(String.fromCodePoint(cp));
}

/** Oniguruma's Unicode `\w`: Alphabetic, marks, decimal digits, connector punctuation, join controls (ZWJ). */
export function isWordChar(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  return RE_W.test(String.fromCodePoint(cp));
}
