// Bad and extreme input: each gives a defined result, never a throw, hang or silent mismatch.
import { describe, expect, test } from 'vitest';
import { normalizeWithOffsets, type Normalizer } from './normalizer.js';
import { stripAccents } from './normalizers/accents.js';
import { bert } from './normalizers/bert.js';
import { caseFold, lowercase } from './normalizers/case.js';
import { removeControl } from './normalizers/control.js';
import { tutorialNormalizeString } from './normalizers/tutorial.js';
import { nfc, nfd, nfkc, nfkd } from './normalizers/unicode.js';
import { collapseWhitespace, strip } from './normalizers/whitespace.js';
import { nmt } from './normalizers/nmt.js';

const ALL: [string, Normalizer][] = [
  ['nfc', nfc()], ['nfd', nfd()], ['nfkc', nfkc()], ['nfkd', nfkd()], ['lowercase', lowercase()],
  ['caseFold', caseFold()], ['stripAccents', stripAccents()], ['collapseWhitespace', collapseWhitespace()],
  ['strip', strip()], ['removeControl', removeControl()], ['bert', bert()], ['tutorial', tutorialNormalizeString()], ['nmt', nmt()],
];

describe.each(ALL)('%s on bad input', (_name, n) => {
  test.each([
    ['empty', ''],
    ['lone high surrogate', '\ud800'],
    ['lone low surrogate between letters', 'a\udc00b'],
    ['reversed pair', '\udc00\ud800'],
    ['NUL', '\0'],
    ['controls', '\u0001\u0007\u001b\u007f\u0085\u009f'],
    ['mark without base', '\u0301\u0316x'],
  ])('%s: same defined result on both paths', (_what, t) => {
    const plain = n.normalize(t);
    const ns = normalizeWithOffsets(n, t);
    expect(ns.normalized).toBe(plain);
    for (let i = 0; i < ns.length; i++) {
      const [a, b] = ns.alignment(i);
      expect(0 <= a && a <= b && b <= t.length).toBe(true);
    }
  });
});

describe('specific results', () => {
  test('Unicode forms keep lone surrogates and NUL as they are', () => {
    for (const n of [nfc(), nfd(), nfkc(), nfkd()]) {
      expect(n.normalize('a\ud800\u0301\0')).toBe('a\ud800\u0301\0');
      expect(normalizeWithOffsets(n, 'a\ud800\u0301\0').alignments()).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    }
  });

  test('BERT removes NUL, U+FFFD, controls and lone surrogates; maps whitespace controls to spaces', () => {
    expect(bert().normalize('a\0b\ufffdc\u0007d\ud800e\tf\ng\rh')).toBe('abcde f g h');
  });

  test('removeControl keeps TAB/LF/CR and lone surrogates (they are Cs, not Cc)', () => {
    expect(removeControl().normalize('\0a\t\ud800\u0085')).toBe('a\t\ud800');
  });

  test('empty string gives an empty NormalizedString whose spans are empty', () => {
    const ns = normalizeWithOffsets(bert(), '');
    expect(ns.normalized).toBe('');
    expect(ns.originalSpan(0, 0)).toEqual([0, 0]);
  });
});

describe('10 MB input', () => {
  // ~1 KB of mixed text repeated to 10 MB: Latin with decomposed and precomposed accents, Hangul
  // jamo, CJK, emoji, controls, long whitespace.
  const unit =
    'Crème brûlée, cafe\u0301 and naïve ﬁancés — ' +
    '\u1100\u1161\u11a8 한국어 中文字 😀👍🏽 \u0000\t\n ' +
    'The quick brown fox jumps over the lazy dog. '.repeat(18) +
    '  \u3000  Ａｂｃ ① ﬃ Å\u212b ΣΑΣ Straße\n';
  const text = unit.repeat(Math.ceil(10_000_000 / unit.length));

  test('NFC with offsets: same text as String.prototype.normalize, spans consistent', () => {
    expect(text.length).toBeGreaterThanOrEqual(10_000_000);
    for (const [n, form] of [[nfc(), 'NFC']] as const) {
      const ns = normalizeWithOffsets(n, text);
      expect(ns.normalized === text.normalize(form)).toBe(true);
      // The last unit maps to the end of the original.
      expect(ns.alignment(ns.length - 1)[1]).toBe(text.length);
    }
  });

  test('BERT with offsets on 10 MB', () => {
    for (const n of [bert()]) {
      const ns = normalizeWithOffsets(n, text);
      expect(ns.normalized === n.normalize(text)).toBe(true);
    }
  });

  test('a 2M-long run of the same combining mark after one base (a single long segment)', () => {
    const marks = 'a' + '\u0301'.repeat(2_000_000) + 'b';
    const ns = normalizeWithOffsets(nfc(), marks);
    expect(ns.normalized === marks.normalize('NFC')).toBe(true);
    // One segment (base + marks) shares one span: the composed 'á' maps to all of it, 'b' to itself.
    expect(ns.originalSpan(0, 1)).toEqual([0, marks.length - 1]);
    expect(ns.originalSpan(ns.length - 1, ns.length)).toEqual([marks.length - 1, marks.length]);
  });
});
