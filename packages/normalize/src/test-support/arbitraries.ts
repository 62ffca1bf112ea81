// Test support: fast-check generators of text that stresses normalisation and offsets.
import fc from 'fast-check';

/** Pieces chosen to hit every tricky path: marks, Hangul, emoji, astral letters, compatibility forms. */
const PIECES: string[] = [
  'a', 'e', 'o', 'A', 'Z', ' ', '.', '!', '?', '\t', '\n', '0', '9', "'",
  '\u0300', '\u0301', '\u0308', '\u0316', '\u0327', '\u0345', '\u0344', '\u0340', '\u05b0', '\u0591', '\u1dc0', '\u20d2',
  'é', 'Å', '\u212b', '\u2126', 'ǅ', 'ẛ', 'ḕ', 'ΐ', 'ß', 'ẞ', 'İ', 'ı', 'Σ', 'ς', 'ﬁ', 'ﬃ', 'Ａ', 'ｶ', 'ﾞ', '①', '㎏', '½', '\u00a8', '\u00a0',
  '\u1100', '\u1161', '\u11a8', '가', '각', '\uac00\u11a8', '\u1100\u1161\u11a8',
  '\u0b47', '\u0b3e', '\u0b57', '\u0dd9', '\u0dcf', '\u0dca', '\u1025', '\u102e', '\u3099', 'か', 'ヘ', '\u309a',
  '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '\u{1d400}', '\u{1d7ce}', '\u{2f800}', '\u{1d15e}', '\u{110ab}', '\u{110ba}', '\u{11131}', '\u{11127}',
  '中', '文', '\u3000', '\u2028', '\u200b', '\u200d', '\ufeff', '\ufffd', '\0', '\u0007', '\u0085', '\u001f',
  '\ud800', '\udfff', 'Ⓐ', 'Ꭰ', 'ꭰ',
];

/** A random string built from {@link PIECES} and random code points. */
export const trickyText = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x300, max: 0x36f }).map((cp) => String.fromCodePoint(cp)) },
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));
