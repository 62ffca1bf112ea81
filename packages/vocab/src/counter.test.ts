import { describe, expect, test } from 'vitest';
import { compareCodePoints } from './compare.js';
import { Counter } from './counter.js';

describe('Counter', () => {
  test('counts tokens, sequences and async streams', async () => {
    const c = new Counter(['a', 'b', 'a']);
    c.update(['c']).add('a', 2).add('z', 0);
    expect(c.get('a')).toBe(4);
    expect(c.get('nope')).toBe(0);
    expect(c.has('z')).toBe(false);
    expect(c.size).toBe(3);
    expect(c.total).toBe(6);
    expect([...c.entries()]).toEqual([['a', 4], ['b', 1], ['c', 1]]);
    async function* lines(): AsyncGenerator<string[]> {
      yield ['x', 'y'];
      yield ['x'];
    }
    const d = await Counter.fromAsync(lines());
    expect(d.mostCommon()).toEqual([['x', 2], ['y', 1]]);
    expect((await new Counter().updateAsync([['q']])).get('q')).toBe(1);
  });

  test('mostCommon: count desc, then code point order; n limits', () => {
    const c = Counter.fromCounts(new Map([['b', 2], ['a', 2], ['\u{1f600}', 3], ['\uffff', 1], ['\u{10000}', 1]]));
    expect(c.mostCommon()).toEqual([['\u{1f600}', 3], ['a', 2], ['b', 2], ['\uffff', 1], ['\u{10000}', 1]]);
    expect(c.mostCommon(2)).toEqual([['\u{1f600}', 3], ['a', 2]]);
    expect(c.mostCommon(-1)).toEqual([]);
  });

  test('bad input is named', () => {
    const c = new Counter();
    expect(() => c.add(5 as unknown as string)).toThrow(/token must be a string, got number 5/);
    expect(() => c.add('a', 1.5)).toThrow(/count must be a non-negative integer, got 1.5 for token "a"/);
    expect(() => c.update('abc')).toThrow(/not a string\), got string "abc"/);
    expect(() => c.update(null as unknown as string[])).toThrow(/got null/);
  });

  test('compareCodePoints agrees with code point order on random strings', () => {
    const pool = ['a', 'z', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1f600}', '\u{10ffff}', ''];
    const strs: string[] = [];
    for (const x of pool) for (const y of pool) strs.push(x + y);
    const byCp = (s: string): number[] => [...s].map((ch) => ch.codePointAt(0)!);
    for (const a of strs) {
      for (const b of strs) {
        const ca = byCp(a);
        const cb = byCp(b);
        let want = 0;
        for (let i = 0; i < Math.min(ca.length, cb.length) && want === 0; i++) want = ca[i]! - cb[i]!;
        if (want === 0) want = ca.length - cb.length;
        expect(Math.sign(compareCodePoints(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(want));
      }
    }
  });
});
