import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NormalizeError } from './errors.js';
import { NormalizedString } from './normalized-string.js';

describe('NormalizedString', () => {
  test('identity alignment; a surrogate pair maps both units to the whole pair', () => {
    const ns = new NormalizedString('a😀b');
    expect(ns.normalized).toBe('a😀b');
    expect(ns.alignments()).toEqual([[0, 1], [1, 3], [1, 3], [3, 4]]);
    expect(ns.originalSpan(0, 4)).toEqual([0, 4]);
    expect(ns.originalSpan(2, 2)).toEqual([3, 3]);
    expect(new NormalizedString('').originalSpan(0, 0)).toEqual([0, 0]);
    const { starts, ends } = ns.alignmentArrays();
    expect([...starts]).toEqual([0, 1, 1, 3]);
    expect([...ends]).toEqual([1, 3, 3, 4]);
  });

  test('slice keeps alignments into the same original', () => {
    const ns = new NormalizedString('ﬁne day').normalizeUnicode('NFKC').slice(4, 8);
    expect(ns.normalized).toBe(' day');
    expect(ns.original).toBe('ﬁne day');
    expect(ns.originalSpan(1, 4)).toEqual([4, 7]);
    expect(ns.slice(1).normalized).toBe('day');
  });

  test('mapCodePoints and filter: replacements align to their code point, deletions leave gaps', () => {
    const ns = new NormalizedString('aßc').mapCodePoints((c) => (c === 'ß' ? 'ss' : c === 'c' ? '' : c));
    expect(ns.normalized).toBe('ass');
    expect(ns.alignments()).toEqual([[0, 1], [1, 2], [1, 2]]);
    const f = new NormalizedString('x\u0301y').filter((c) => c !== '\u0301');
    expect(f.normalized).toBe('xy');
    expect(f.alignments()).toEqual([[0, 1], [2, 3]]);
  });

  test('replace: match spans, $ patterns like String.prototype.replace, empty matches', () => {
    const ns = new NormalizedString('Hi.  Bye!').replace(/([.!?])/g, ' $1').replace(/\s+/g, ' ');
    expect(ns.normalized).toBe('Hi . Bye !');
    expect(ns.originalSpan(3, 4)).toEqual([2, 3]); // '.'
    expect(ns.originalSpan(4, 5)).toEqual([3, 5]); // the collapsed spaces
    const samples: [RegExp | string, string][] = [
      [/(a)(b)?/g, '[$1|$2|$&|$$|$`|$\'|$3|$10]'],
      [/(?<x>a)/g, '<$<x>>'],
      [/x*/g, '-'],
      [/(?:)/gu, '|'],
      ['a.', '*'],
      [/b/, 'B'],
    ];
    for (const [re, rep] of samples) {
      const input = 'ab.a.😀a';
      const want = typeof re === 'string' ? input.replaceAll(re, rep) : input.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'), rep);
      expect(new NormalizedString(input).replace(re, rep).normalized).toBe(want);
    }
  });

  test('prepend / append align with the first / last code point; no-ops on empty text', () => {
    const ns = new NormalizedString('😀x').prepend('▁').append('$');
    expect(ns.normalized).toBe('▁😀x$');
    expect(ns.alignment(0)).toEqual([0, 2]);
    expect(ns.alignment(4)).toEqual([2, 3]);
    expect(new NormalizedString('').prepend('▁').normalized).toBe('');
  });

  test('strip: both ends, left, right, custom predicate', () => {
    const s = new NormalizedString(' \u3000ab \n');
    expect(s.strip().normalized).toBe('ab');
    expect(s.strip().originalSpan(0, 2)).toEqual([2, 4]);
    expect(s.strip(true, false).normalized).toBe('ab \n');
    expect(s.strip(false, true).normalized).toBe(' \u3000ab');
    expect(s.strip(true, true, (c) => c === ' ').normalized).toBe('\u3000ab \n');
    expect(new NormalizedString('   ').strip().normalized).toBe('');
  });

  test('transform has HF semantics: 0 replaces, <0 also removes, >0 inserts after', () => {
    const ns = new NormalizedString('abcd').transform([['X', 0], ['Y', 1], ['Z', -1], ['w', 0]]);
    // 'a' -> 'X', insert 'Y' (aligned with 'a'), 'b' -> 'Z' removing 'c', 'd' -> 'w'
    expect(ns.normalized).toBe('XYZw');
    expect(ns.alignments()).toEqual([[0, 1], [0, 1], [1, 2], [3, 4]]);
    const skipped = new NormalizedString('abc').transform([['c', 0]], 2);
    expect(skipped.normalized).toBe('c');
    expect(skipped.alignments()).toEqual([[2, 3]]);
    expect(new NormalizedString('ab').transform([['x', 0]]).normalized).toBe('x'); // leftover removed
  });

  test('composition of transformations keeps pointing into the first original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (t) => {
        const ns = new NormalizedString(t)
          .normalizeUnicode('NFKD')
          .filter((c) => !/\p{Mn}/u.test(c))
          .mapCodePoints((c) => c.toUpperCase())
          .replace(/\s+/g, ' ');
        for (let i = 0; i < ns.length; i++) {
          const [a, b] = ns.alignment(i);
          expect(0 <= a && a <= b && b <= t.length).toBe(true);
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  test('bad arguments name the argument and the allowed range', () => {
    const ns = new NormalizedString('abc');
    expect(() => ns.alignment(3)).toThrow(/index must be an integer in \[0, 3\), got 3/);
    expect(() => ns.alignment(1.5)).toThrow(NormalizeError);
    expect(() => ns.originalSpan(2, 1)).toThrow(/0 <= start <= end <= 3.*got \[2, 1\]/);
    expect(() => ns.slice(0, 4)).toThrow(/got \[0, 4\]/);
    expect(() => new NormalizedString(42 as unknown as string)).toThrow(/original must be a string, got number 42/);
    expect(() => ns.transform([['x', 0]], -1)).toThrow(/initialOffset must be a non-negative integer/);
    expect(() => ns.transform([['x', -5]])).toThrow(/change 0 removes past the end/);
    expect(() => ns.transform([['x', 0], ['y', 0], ['z', 0], ['w', 0]])).toThrow(/change 3 replaces past the end/);
    expect(() => ns.replace('', 'x')).toThrow(/pattern must not be an empty string/);
    expect(() => ns.normalizeUnicode('NFX' as 'NFC')).toThrow(/form must be one of NFC, NFD, NFKC, NFKD, got "NFX"/);
  });

  test('fromAlignments validates lengths and bounds', () => {
    const ns = NormalizedString.fromAlignments('abc', 'x', [1], [3]);
    expect(ns.originalSpan(0, 1)).toEqual([1, 3]);
    expect(() => NormalizedString.fromAlignments('abc', 'xy', [0], [1])).toThrow(/expected 2, got 1\/1/);
    expect(() => NormalizedString.fromAlignments('abc', 'x', [2], [1])).toThrow(/alignment 0 must satisfy 0 <= start <= end <= 3, got \[2, 1\]/);
    expect(() => NormalizedString.fromAlignments('abc', 'x', [0], [4])).toThrow(/got \[0, 4\]/);
  });
});
