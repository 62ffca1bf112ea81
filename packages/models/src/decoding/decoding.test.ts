import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describe, expect, it } from 'vitest';
import { beamSearch } from './beam.js';
import { greedyDecode } from './greedy.js';
import { logSoftmaxRow } from './host-math.js';
import { MarkovModel } from './markov-model.test-helper.js';
import { sampleDecode, sampleFiltered } from './sampling.js';

const BOS = 0;
const EOS = 1;
const rngTable = (seed: number, v: number) => {
  const g = new Generator(seed);
  return Array.from({ length: v }, () => Array.from(g.normal(v, 0, 2)));
};

/** Host greedy with the model's own logits: the oracle for greedyDecode. */
function hostGreedy(m: MarkovModel, maxLength: number): { tokens: number[]; logProb: number } {
  let prev = BOS;
  let sum = 0;
  const tokens: number[] = [];
  let logProb = 0;
  for (let t = 0; t < maxLength; t++) {
    const logp = logSoftmaxRow(m.logitsFor(prev, sum), 0, m.vocab);
    let best = 0;
    for (let j = 1; j < m.vocab; j++) if (logp[j]! > logp[best]!) best = j;
    tokens.push(best);
    logProb += logp[best]!;
    sum += prev;
    prev = best;
    if (best === EOS) break;
  }
  return { tokens, logProb };
}

/** Every sequence of exactly `length` tokens, with its log-probability (EOS made impossible). */
function exhaustive(m: MarkovModel, length: number): { tokens: number[]; logProb: number }[] {
  const out: { tokens: number[]; logProb: number }[] = [];
  const walk = (prev: number, sum: number, tokens: number[], lp: number) => {
    if (tokens.length === length) {
      out.push({ tokens, logProb: lp });
      return;
    }
    const logp = logSoftmaxRow(m.logitsFor(prev, sum), 0, m.vocab);
    for (let j = 0; j < m.vocab; j++) if (j !== EOS) walk(j, sum + prev, [...tokens, j], lp + logp[j]!);
  };
  walk(BOS, 0, [], 0);
  return out.sort((a, b) => b.logProb - a.logProb);
}

describe('greedy decoding', () => {
  it('equals a host greedy over the same model, for every row, and leaks nothing', async () => {
    for (const seed of [1, 2, 3]) {
      const m = new MarkovModel(rngTable(seed, 6));
      const expected = hostGreedy(m, 12);
      await expectNoLeaksAsync(async () => {
        const s = m.initialState(3);
        const hyps = await greedyDecode(m, s, 3, { bosId: BOS, eosId: EOS, maxLength: 12 });
        s.dispose();
        for (const h of hyps) {
          expect(h.tokens).toEqual(expected.tokens);
          expect(h.logProb).toBeCloseTo(expected.logProb, 5);
          expect(h.attention!.length).toBe(h.tokens.length);
        }
      });
    }
  });
});

describe('beam search', () => {
  it('beam width 1 equals greedy (tokens and log-probability)', async () => {
    for (const seed of [4, 5, 6, 7]) {
      const m = new MarkovModel(rngTable(seed, 7));
      const s = m.initialState(2);
      const greedy = await greedyDecode(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 10 });
      const beam = await beamSearch(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 10, beamWidth: 1 });
      s.dispose();
      expect(beam.map((b) => b[0]!.tokens)).toEqual(greedy.map((g) => g.tokens));
      beam.forEach((b, i) => expect(b[0]!.logProb).toBeCloseTo(greedy[i]!.logProb, 5));
    }
  });

  it('with a beam as wide as the search space it finds the exhaustive n-best', async () => {
    const table = rngTable(11, 4);
    for (const row of table) row[EOS] = -1e9; // no EOS: every hypothesis has the full length
    const m = new MarkovModel(table);
    const truth = exhaustive(m, 4);
    const s = m.initialState(1);
    const [hyps] = await beamSearch(m, s, 1, { bosId: BOS, eosId: EOS, maxLength: 4, beamWidth: 27, nBest: 5, lengthPenalty: 0 });
    s.dispose();
    expect(hyps!.map((h) => h.tokens)).toEqual(truth.slice(0, 5).map((t) => t.tokens));
    hyps!.forEach((h, i) => expect(h.logProb).toBeCloseTo(truth[i]!.logProb, 4));
  });

  it('decodes a batch exactly as it decodes each item alone (rows are reordered correctly)', async () => {
    const m = new MarkovModel(rngTable(21, 6));
    // Different starting sums per item make the items' searches differ.
    const batchState = tf.tensor1d([0, 1, 2], 'int32');
    const together = await beamSearch(m, batchState, 3, { bosId: BOS, eosId: EOS, maxLength: 8, beamWidth: 3, nBest: 3 });
    for (let b = 0; b < 3; b++) {
      const alone = tf.tensor1d([b], 'int32');
      const [single] = await beamSearch(m, alone, 1, { bosId: BOS, eosId: EOS, maxLength: 8, beamWidth: 3, nBest: 3 });
      alone.dispose();
      expect(together[b]!.map((h) => h.tokens)).toEqual(single!.map((h) => h.tokens));
    }
    batchState.dispose();
  });

  it('ranks finished hypotheses by length-normalised score and leaks nothing', async () => {
    const m = new MarkovModel(rngTable(8, 5));
    await expectNoLeaksAsync(async () => {
      const s = m.initialState(2);
      const res = await beamSearch(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 9, beamWidth: 4, nBest: 4, lengthPenalty: 0.7 });
      s.dispose();
      for (const hyps of res) {
        expect(hyps.length).toBeGreaterThan(0);
        for (let i = 1; i < hyps.length; i++) expect(hyps[i - 1]!.score).toBeGreaterThanOrEqual(hyps[i]!.score);
        for (const h of hyps) expect(h.score).toBeCloseTo(h.logProb / h.tokens.length ** 0.7, 9);
      }
    });
  });

  it('rejects bad options, naming them', async () => {
    const m = new MarkovModel(rngTable(1, 3));
    const s = m.initialState(1);
    await expect(beamSearch(m, s, 1, { bosId: 0, eosId: 1, maxLength: 5, beamWidth: 0 })).rejects.toThrow(/beamWidth/);
    await expect(beamSearch(m, s, 1, { bosId: 0, eosId: 1, maxLength: 5, beamWidth: 2, nBest: 3 })).rejects.toThrow(/nBest/);
    await expect(greedyDecode(m, s, 1, { bosId: 0, eosId: 1, maxLength: 0 })).rejects.toThrow(/maxLength/);
    s.dispose();
  });
});

describe('sampling', () => {
  it('sampleFiltered follows the (filtered, renormalised) distribution', () => {
    const logits = [2, 1, 0.5, 0, -1];
    const logp = logSoftmaxRow(logits, 0, logits.length);
    const rng = new Generator(99);
    const n = 40000;
    const counts = new Array(5).fill(0);
    for (let i = 0; i < n; i++) counts[sampleFiltered(logp, undefined, 1, rng)]++;
    logp.forEach((lp, j) => expect(counts[j] / n).toBeCloseTo(Math.exp(lp), 1.7));
    // top-k 2: only the two best, renormalised.
    const k2 = new Array(5).fill(0);
    for (let i = 0; i < n; i++) k2[sampleFiltered(logp, 2, 1, rng)]++;
    const z = Math.exp(logp[0]!) + Math.exp(logp[1]!);
    expect(k2[0] / n).toBeCloseTo(Math.exp(logp[0]!) / z, 1.7);
    expect(k2[2] + k2[3] + k2[4]).toBe(0);
    // top-p: the smallest set reaching p. p(0) ≈ 0.55, p(0)+p(1) ≈ 0.75 -> p = 0.6 keeps two.
    const pp = new Array(5).fill(0);
    for (let i = 0; i < 2000; i++) pp[sampleFiltered(logp, undefined, 0.6, rng)]++;
    expect(pp[0] + pp[1]).toBe(2000);
    expect(pp[1]).toBeGreaterThan(0);
  });

  it('is reproducible from a seed; topK 1 equals greedy', async () => {
    const m = new MarkovModel(rngTable(31, 6));
    const s = m.initialState(2);
    const a = await sampleDecode(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 10, rng: new Generator(5), temperature: 1.3 });
    const b = await sampleDecode(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 10, rng: new Generator(5), temperature: 1.3 });
    expect(a.map((h) => h.tokens)).toEqual(b.map((h) => h.tokens));
    const k1 = await sampleDecode(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 10, topK: 1 });
    const greedy = await greedyDecode(m, s, 2, { bosId: BOS, eosId: EOS, maxLength: 10 });
    expect(k1.map((h) => h.tokens)).toEqual(greedy.map((h) => h.tokens));
    await expect(sampleDecode(m, s, 1, { bosId: 0, eosId: 1, maxLength: 3, temperature: 0 })).rejects.toThrow(/temperature/);
    await expect(sampleDecode(m, s, 1, { bosId: 0, eosId: 1, maxLength: 3, topP: 1.5 })).rejects.toThrow(/topP/);
    s.dispose();
  });
});
