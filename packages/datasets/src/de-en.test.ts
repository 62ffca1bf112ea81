import { parsePairs } from '@seqlab/data';
import { describe, expect, it } from 'vitest';
import { deEnTsv, DE_EN_SOURCE, loadDeEnPairs } from './index.js';

describe('loadDeEnPairs', () => {
  const pairs = loadDeEnPairs();

  it('has about 19k sentence pairs, each side a non-empty sentence', () => {
    expect(pairs.length).toBeGreaterThan(18_000);
    expect(pairs.length).toBeLessThan(20_000);
    const bad = pairs
      .flat()
      .filter((s) => s.trim() !== s || !/[.!?]["'“”‘’«»]?$/u.test(s) || /[\t\n{}[\]<>/()]/.test(s) || s.split(' ').length < 2);
    expect(bad).toEqual([]); // sentences, without annotations, alternatives or tabs
  });

  it('has no duplicate pair and no Ding placeholder (jdm., etw., sb, sth)', () => {
    expect(new Set(pairs.map(([d, e]) => `${d}\t${e}`)).size).toBe(pairs.length);
    expect(pairs.some(([d, e]) => /\b(jdm|jdn|jds|etw)\.|\b(sb|sth)\b/.test(`${d} ${e}`))).toBe(false);
  });

  it('contains known dictionary sentences, German first', () => {
    const map = new Map(pairs.map(([d, e]) => [`${d}\t${e}`, true]));
    expect(map.has('Hast du Hunger?\tDo you feel hungry?')).toBe(true);
    expect(map.has('Der Gesamttrend ist stabil.\tThe overall trend is stable.')).toBe(true);
  });

  it('matches the TSV line for line and round-trips through @seqlab/data parsePairs', () => {
    const tsv = deEnTsv();
    expect(tsv.endsWith('\n')).toBe(true);
    expect(tsv.split('\n').filter((l) => l === '').length).toBe(1); // only the final newline
    const parsed = parsePairs(tsv, { file: 'de-en.tsv' });
    expect(parsed.read).toBe(pairs.length);
    expect(parsed.pairs).toEqual(pairs);
    // The tutorial's filters apply as to any pair file.
    const short = parsePairs(tsv, { file: 'de-en.tsv', normalize: true, maxLength: 10 }).pairs;
    expect(short.length).toBeGreaterThan(5_000);
    expect(short.every(([d, e]) => d.split(' ').length < 10 && e.split(' ').length < 10)).toBe(true);
  });

  it('returns copies and records its source', () => {
    const a = loadDeEnPairs();
    a[0]![0] = 'changed';
    expect(loadDeEnPairs()[0]![0]).toBe(pairs[0]![0]);
    expect(DE_EN_SOURCE.license).toBe('GPL-2.0-or-later');
    expect(DE_EN_SOURCE.debianPackage).toBe('trans-de-en');
  });
});
