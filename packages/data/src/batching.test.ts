import { describe, expect, it } from 'vitest';
import fixtures from '../fixtures/lm_batches.json' with { type: 'json' };
import { bucketBatches, simpleBatches } from './bucket.js';
import { batchify, getBatch, lmBatches } from './lm.js';
import { padBatch } from './pad.js';
import { splitDataset } from './split.js';

describe('splitDataset', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  it('splits by fractions, deterministically for a seed, without loss or overlap', () => {
    const a = splitDataset(items, { train: 0.8, valid: 0.1, test: 0.1, seed: 42 });
    const b = splitDataset(items, { train: 0.8, valid: 0.1, test: 0.1, seed: 42 });
    const c = splitDataset(items, { train: 0.8, valid: 0.1, test: 0.1, seed: 43 });
    expect(a).toEqual(b);
    expect(a.train).not.toEqual(c.train);
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([80, 10, 10]);
    expect([...a.train, ...a.valid, ...a.test].sort((x, y) => x - y)).toEqual(items);
    expect(a.train).not.toEqual(items.slice(0, 80));
  });
  it('splits in order without shuffle and rejects bad fractions', () => {
    expect(splitDataset([1, 2, 3, 4], { valid: 0.25, test: 0.25, shuffle: false })).toEqual({ train: [1, 2], valid: [3], test: [4] });
    expect(() => splitDataset(items, { train: 0.9, valid: 0.2, test: 0 })).toThrow(/must be 1, got/);
    expect(() => splitDataset(items, { valid: -0.1 })).toThrow(/valid fraction must be in \[0, 1\], got -0.1/);
  });
});

describe('padBatch', () => {
  it('pads right with lengths and mask', () => {
    const b = padBatch([[5, 6, 7], [8], [9, 10]], { padId: 1 });
    expect(b.shape).toEqual([3, 3]);
    expect([...b.ids]).toEqual([5, 6, 7, 8, 1, 1, 9, 10, 1]);
    expect([...b.lengths]).toEqual([3, 1, 2]);
    expect([...b.mask]).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 0]);
  });
  it('pads left, truncates and rounds up', () => {
    const b = padBatch([[5, 6, 7, 8], [9]], { side: 'left', maxLength: 3, padToMultipleOf: 2 });
    expect(b.shape).toEqual([2, 4]);
    expect([...b.ids]).toEqual([0, 5, 6, 7, 0, 0, 0, 9]);
    expect([...b.lengths]).toEqual([3, 1]);
  });
  it('names bad input', () => {
    expect(() => padBatch([])).toThrow(/seqs is empty/);
    expect(() => padBatch([[1, 2.5]])).toThrow(/seqs\[0\]\[1\] must be an integer id, got 2.5/);
  });
});

describe('bucketBatches', () => {
  const lengths = Array.from({ length: 40 }, (_, i) => (i * 7) % 13);
  it('covers every index once, sorts within buckets, is seeded', () => {
    const batches = bucketBatches(lengths, { batchSize: 4, bucketBatches: 2, seed: 1 });
    expect(batches.flat().sort((a, b) => a - b)).toEqual([...lengths.keys()]);
    expect(batches).toEqual(bucketBatches(lengths, { batchSize: 4, bucketBatches: 2, seed: 1 }));
    expect(batches).not.toEqual(bucketBatches(lengths, { batchSize: 4, bucketBatches: 2, seed: 2 }));
    // Padding is lower than with random batches of the same seed.
    const waste = (bs: number[][]) => bs.reduce((s, b) => s + b.length * Math.max(...b.map((i) => lengths[i]!)) - b.reduce((t, i) => t + lengths[i]!, 0), 0);
    expect(waste(batches)).toBeLessThan(waste(simpleBatches(40, 4, { shuffle: true, seed: 1 })));
    for (const b of batches) {
      const ls = b.map((i) => lengths[i]!);
      expect(ls).toEqual([...ls].sort((x, y) => x - y));
    }
  });
  it('without shuffle: sorted buckets in order; dropLast drops the short tail', () => {
    const b = bucketBatches([3, 1, 2, 5, 4], { batchSize: 2, bucketBatches: 1, shuffle: false });
    expect(b).toEqual([[1, 0], [2, 3], [4]]);
    expect(bucketBatches([3, 1, 2, 5, 4], { batchSize: 2, bucketBatches: 1, shuffle: false, dropLast: true })).toEqual([[1, 0], [2, 3]]);
  });
});

interface Arr { shape: number[]; data: number[] }
interface LmCase { tokens: Arr; bsz: number; bptt: number; batchified: Arr; batches: { i: number; data: Arr; target: Arr }[] }

describe('batchify / get_batch equal the word_language_model tutorial (PyTorch fixture)', () => {
  for (const [name, c] of Object.entries(fixtures.cases as unknown as Record<string, LmCase>)) {
    it(name, () => {
      const src = batchify(c.tokens.data, c.bsz);
      expect(src.shape).toEqual(c.batchified.shape);
      expect([...src.data]).toEqual(c.batchified.data);
      const got = [...lmBatches(src, c.bptt)];
      expect(got.map((b) => b.i)).toEqual(c.batches.map((b) => b.i));
      got.forEach((b, k) => {
        expect(b.data.shape).toEqual(c.batches[k]!.data.shape);
        expect([...b.data.data]).toEqual(c.batches[k]!.data.data);
        expect([...b.target]).toEqual(c.batches[k]!.target.data);
      });
    });
  }
  it('names bad arguments', () => {
    expect(() => batchify([1, 2], 3)).toThrow(/2 tokens are fewer than bsz = 3/);
    expect(() => getBatch(batchify([1, 2, 3, 4], 2), 1, 2)).toThrow(/i must be an integer in \[0, 1\), got 1/);
  });
});
