/**
 * Orders strings by Unicode code point, as Python compares `str` (and so as torchtext sorts
 * tokens). JavaScript's default `<` compares UTF-16 code units, which puts astral characters
 * (emoji, U+10000 and up) before U+E000..U+FFFF; this does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only when both are surrogates or neither is does code unit order equal code point order;
    // a surrogate (U+D800..U+DFFF, part of an astral code point) sorts after U+E000..U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    if (xs) return y >= 0xe000 ? 1 : x - y;
    return x >= 0xe000 ? -1 : x - y;
  }
  return a.length - b.length;
}
