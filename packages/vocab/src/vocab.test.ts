import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Counter } from './counter.js';
import { VocabError } from './errors.js';
import { SPECIALS, Vocab } from './vocab.js';

interface Case {
  name: string;
  sequences: string[][];
  specials: string[];
  minFreq: number;
  maxSize: number | null;
  specialsFirst: boolean;
  itos: string[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torchtext.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('Vocab.build matches torchtext build_vocab_from_iterator', () => {
  test('fixture has its cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(10);
  });
  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const options = {
      specials: c.specials,
      minFreq: c.minFreq,
      specialsFirst: c.specialsFirst,
      ...(c.maxSize === null ? {} : { maxSize: c.maxSize }),
    };
    expect(Vocab.fromSequences(c.sequences, options).tokens).toEqual(c.itos);
    async function* stream(): AsyncGenerator<string[]> {
      for (const s of c.sequences) yield s;
    }
    expect((await Vocab.fromAsyncSequences(stream(), options)).tokens).toEqual(c.itos);
  });
});

describe('Vocab', () => {
  const v = Vocab.build(Counter.fromCounts({ the: 5, cat: 2, sat: 2, on: 1 }), {
    specials: [SPECIALS.pad, SPECIALS.sos, SPECIALS.eos, SPECIALS.unk],
    minFreq: 2,
  });

  test('order: specials first, then count desc, ties by code point', () => {
    expect(v.tokens).toEqual(['<pad>', '<sos>', '<eos>', '<unk>', 'the', 'cat', 'sat']);
    expect(v.size).toBe(7);
    expect(v.specials).toEqual(['<pad>', '<sos>', '<eos>', '<unk>']);
    expect(v.isSpecial('<eos>')).toBe(true);
    expect(v.isSpecial('the')).toBe(false);
  });

  test('encode / decode with <unk>', () => {
    expect(v.encode(['the', 'dog', 'sat'])).toEqual([4, 3, 6]);
    expect(v.decode([4, 3, 6])).toEqual(['the', '<unk>', 'sat']);
    expect(v.decode(new Int32Array([1, 4, 2]), { skipSpecials: true })).toEqual(['the']);
    expect(v.unkToken).toBe('<unk>');
    expect(v.unkId).toBe(3);
    expect(v.idOf('zzz')).toBe(3);
    expect(v.get('zzz')).toBeUndefined();
    expect(v.has('cat')).toBe(true);
    expect(v.has('on')).toBe(false); // below minFreq
    expect(v.tokenOf(5)).toBe('cat');
  });

  test('without <unk>, an unknown token throws naming it', () => {
    const w = new Vocab(['a', 'b']);
    expect(w.unkToken).toBeNull();
    expect(() => w.encode(['a', 'zebra'])).toThrow(VocabError);
    expect(() => w.encode(['a', 'zebra'])).toThrow(/unknown token "zebra" and no unk token is set/);
    expect(() => new Vocab(['<unk>', 'a'], { unkToken: null }).idOf('x')).toThrow(/unknown token "x"/);
    expect(new Vocab(['[UNK]', 'a'], { unkToken: '[UNK]' }).encode(['x'])).toEqual([0]);
  });

  test('ids out of range throw naming the id', () => {
    expect(() => v.decode([0, 7])).toThrow(/id 7 is out of range: ids are integers in \[0, 7\)/);
    expect(() => v.tokenOf(-1)).toThrow(/id -1 is out of range/);
    expect(() => v.tokenOf(1.5)).toThrow(/id 1.5 is out of range/);
    expect(() => v.tokenOf(Number.NaN)).toThrow(/id NaN is out of range/);
  });

  test('specials last, maxSize counts specials, minFreq', () => {
    const c = new Counter().updateAll([['b', 'a', 'b', 'c', 'c', 'd']]);
    expect(Vocab.build(c, { specials: ['<unk>'], specialsFirst: false }).tokens).toEqual(['b', 'c', 'a', 'd', '<unk>']);
    expect(Vocab.build(c, { specials: ['<unk>', '<pad>'], maxSize: 4 }).tokens).toEqual(['<unk>', '<pad>', 'b', 'c']);
    expect(Vocab.build(c, { specials: ['<unk>'], maxSize: 1 }).tokens).toEqual(['<unk>']);
    expect(Vocab.build(c, { minFreq: 2 }).tokens).toEqual(['b', 'c']);
  });

  test('a special that also occurs in the corpus is not counted twice and keeps its place', () => {
    const c = Counter.fromCounts([['<unk>', 9], ['x', 3], ['y', 2], ['z', 1]]);
    // torchtext would cut to 2 normal tokens first (<unk>, x) and then drop <unk>: ['<unk>', 'x'].
    expect(Vocab.build(c, { specials: ['<unk>'], maxSize: 3 }).tokens).toEqual(['<unk>', 'x', 'y']);
  });

  test('tie-break is Unicode code point order, not UTF-16 order', () => {
    const c = Counter.fromCounts([['\u{1f600}', 1], ['\uff01', 1], ['a', 1], ['\ue000', 1], ['\u{10400}', 1]]);
    expect(Vocab.build(c).tokens).toEqual(['a', '\ue000', '\uff01', '\u{10400}', '\u{1f600}']);
  });

  test('JSON round trip, object and text', () => {
    const json = v.toJSON();
    expect(json).toEqual({
      version: 1,
      tokens: ['<pad>', '<sos>', '<eos>', '<unk>', 'the', 'cat', 'sat'],
      specials: ['<pad>', '<sos>', '<eos>', '<unk>'],
      unkToken: '<unk>',
    });
    for (const back of [Vocab.fromJSON(json), Vocab.fromJSON(JSON.stringify(v))]) {
      expect(back.tokens).toEqual(v.tokens);
      expect(back.specials).toEqual(v.specials);
      expect(back.unkId).toBe(v.unkId);
      expect(back.encode(['cat', 'mouse'])).toEqual(v.encode(['cat', 'mouse']));
    }
    const noUnk = new Vocab(['a']);
    expect(Vocab.fromJSON(noUnk.toJSON()).unkToken).toBeNull();
  });

  test('fromJSON validation names the field', () => {
    const good = v.toJSON();
    const bad: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [null, /expected an object, got null/],
      [[1], /expected an object, got an array/],
      [{ ...good, version: 2 }, /field "version" must be 1, got number 2/],
      [{ version: 1, specials: [], unkToken: null }, /field "tokens" must be an array of strings, got undefined/],
      [{ ...good, tokens: ['a', 3] }, /field "tokens"\[1\] must be a string, got number 3/],
      [{ ...good, tokens: ['a', 'b', 'a'], specials: [], unkToken: null }, /duplicate token "a" at ids 0 and 2/],
      [{ ...good, specials: 'x' }, /field "specials" must be an array of strings/],
      [{ ...good, specials: ['<cls>'] }, /special token "<cls>" is not in the vocabulary/],
      [{ version: 1, tokens: ['a'], specials: [] }, /field "unkToken" is missing/],
      [{ ...good, unkToken: 5 }, /field "unkToken" must be a string or null, got number 5/],
      [{ ...good, unkToken: '<oov>' }, /unkToken "<oov>" is not in the vocabulary/],
    ];
    for (const [input, msg] of bad) expect(() => Vocab.fromJSON(input)).toThrow(msg);
  });

  test('bad constructor and build arguments', () => {
    expect(() => new Vocab(['a', 'a'])).toThrow(/duplicate token "a" at ids 0 and 1/);
    expect(() => new Vocab('abc' as unknown as string[])).toThrow(/tokens must be an iterable of strings, got string "abc"/);
    expect(() => new Vocab([1 as unknown as string])).toThrow(/token 0 must be a string, got number 1/);
    expect(() => new Vocab(['a'], { specials: ['<pad>'] })).toThrow(/special token "<pad>" is not in the vocabulary/);
    expect(() => Vocab.build({ a: 1 }, { minFreq: 0 })).toThrow(/minFreq must be an integer >= 1, got 0/);
    expect(() => Vocab.build({ a: 1 }, { specials: ['<a>', '<b>'], maxSize: 1 })).toThrow(/maxSize must be an integer >= the number of specials \(2\), got 1/);
    expect(() => Vocab.build({ a: 1 }, { specials: ['<a>', '<a>'] })).toThrow(/special token "<a>" is listed twice/);
    expect(() => Vocab.build({ a: -1 })).toThrow(/count must be a non-negative integer, got -1 for token "a"/);
    expect(() => v.encode('the' as unknown as string[])).toThrow(/not one string/);
  });

  test('empty vocabulary and empty inputs', () => {
    const e = Vocab.build(new Counter());
    expect(e.size).toBe(0);
    expect(e.encode([])).toEqual([]);
    expect(() => e.tokenOf(0)).toThrow(/id 0 is out of range: ids are integers in \[0, 0\)/);
    expect(v.decode([])).toEqual([]);
  });
});
