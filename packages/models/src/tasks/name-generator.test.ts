import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, ShapeError, ValueError } from '@seqlab/core';
import { describeOnBackend, expectClose, type FixtureArray, fromFixture } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/rnn-generator.json' with { type: 'json' };
import { beamSearch } from '../decoding/beam.js';
import { sampleDecode } from '../decoding/sampling.js';
import { bundleRoundTrip, expectBeamOneIsGreedy, expectTorchGrads, loadTorchState, padBatch, syntheticName, type TorchModelCase } from './char-lm-models.test-helper.js';
import { NameGenerator, type NameGeneratorConfig } from './name-generator.js';

type GeneratorCase = TorchModelCase & { config: NameGeneratorConfig; category: FixtureArray; ids: FixtureArray; logits: FixtureArray };
const cases = fixtures.cases as unknown as Record<string, GeneratorCase>;
const PAD = 0;
const BOS = 1;
const EOS = 2;

const small = (over: Partial<NameGeneratorConfig> = {}) =>
  new NameGenerator({ vocabSize: 13, numCategories: 2, padId: PAD, cell: 'gru', embeddingDim: 4, hiddenSize: 6, rng: new Generator(0), ...over });

/** Teacher-forcing batch: inputs BOS + name, targets name + EOS (-100 at padding). */
function teacherBatch(names: number[][]): { tgtIn: tf.Tensor; tgtOut: tf.Tensor } {
  const T = Math.max(...names.map((n) => n.length)) + 1;
  return { tgtIn: padBatch(names.map((n) => [BOS, ...n]), PAD, T), tgtOut: padBatch(names.map((n) => [...n, EOS]), -100, T) };
}

describe('NameGenerator', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`equals PyTorch on ${name}: logits and every gradient within 1e-5`, async () => {
      const m = new NameGenerator({ ...c.config, rng: new Generator(1) });
      loadTorchState(m, c);
      const cat = fromFixture(c.category, 'int32');
      const ids = fromFixture(c.ids, 'int32');
      await expectNoLeaksAsync(async () => {
        const logits = m.forward(cat, ids);
        await expectClose(logits, c.logits, 1e-5);
        logits.dispose();
        await expectTorchGrads(m, () => m.forward(cat, ids), c);
      });
      tf.dispose([cat, ids]);
      m.dispose();
    });
  }

  it('step by step from start(category) equals the teacher-forced forward, for every cell', async () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const m = small({ cell, numLayers: 2 }).eval();
      const category = Int32Array.from([1, 0, 1]);
      const ids = [
        [BOS, 3, 6, 4],
        [BOS, 9, 9, 12],
        [BOS, 5, 7, 3],
      ];
      const full = tf.tidy(() => m.forward(tf.tensor1d(category, 'int32'), tf.tensor2d(ids, [3, 4], 'int32')));
      const fullRows = (await full.array()) as number[][][];
      await expectNoLeaksAsync(async () => {
        let state = m.start(category);
        for (let t = 0; t < 4; t++) {
          const out = m.step(Int32Array.from(ids.map((r) => r[t]!)), state);
          m.disposeState(state);
          state = out.state;
          await expectClose(out.logits, fullRows.flatMap((r) => r[t]!), 1e-5);
          out.logits.dispose();
        }
        m.disposeState(state);
      });
      full.dispose();
      m.dispose();
    }
  });

  it('decodes through greedyDecode / beamSearch / sampleDecode: beam width 1 is greedy, sampling is seeded, no leaks', async () => {
    const m = small({ cell: 'lstm' }).eval();
    const category = Int32Array.from([0, 1]);
    await expectNoLeaksAsync(async () => {
      const opts = { bosId: BOS, eosId: EOS, maxLength: 8 };
      const greedy = await expectBeamOneIsGreedy(m, () => m.start(category), 2, opts);
      const s3 = m.start(category);
      const wide = await beamSearch(m, s3, 2, { ...opts, beamWidth: 3, nBest: 3 });
      m.disposeState(s3);
      expect(wide.map((w) => w.length)).toEqual([3, 3]);
      const sample = async () => {
        const s = m.start(category);
        const h = await sampleDecode(m, s, 2, { ...opts, temperature: 0.9, rng: new Generator(7) });
        m.disposeState(s);
        return h.map((x) => x.tokens);
      };
      const a = await sample();
      expect(await sample()).toEqual(a);
      for (const h of [...greedy, ...a.map((tokens) => ({ tokens }))]) {
        expect(h.tokens.length).toBeGreaterThan(0);
        expect(h.tokens.length).toBeLessThanOrEqual(8);
        for (const id of h.tokens) expect(id >= 0 && id < 13).toBe(true);
      }
    });
    m.dispose();
  });

  it('a training step (dropout on) leaks no tensor', async () => {
    const m = small({ numLayers: 2, dropout: 0.2 });
    const opt = tf.train.adam(0.01);
    const { tgtIn, tgtOut } = teacherBatch([[3, 6], [9, 10, 11]]);
    const cat = tf.tensor1d([0, 1], 'int32');
    const step = async () => {
      const cost = opt.minimize(() => crossEntropy(m.forward(cat, tgtIn), tgtOut) as tf.Scalar, true, m.parameters())!;
      expect(Number.isFinite((await cost.data())[0]!)).toBe(true);
      cost.dispose();
    };
    await step(); // creates Adam's moment variables
    await expectNoLeaksAsync(step);
    tf.dispose([tgtIn, tgtOut, cat]);
    opt.dispose();
    m.dispose();
  });

  it('names bad input and bad config', () => {
    const m = small();
    const ids = padBatch([[1, 3], [1, 4]], PAD);
    const cat = tf.tensor1d([0, 1], 'int32');
    expect(() => m.forward(tf.tensor2d([[0]], [1, 1], 'int32'), ids)).toThrow(/category must have shape \[\*\], got \[1, 1\]/);
    expect(() => m.forward(tf.tensor1d([0, 2], 'int32'), ids)).toThrow(/category\[1\] = 2 is out of range \[0, 2\)/);
    expect(() => m.forward(cat, tf.tensor1d([1, 2], 'int32'))).toThrow(ShapeError);
    expect(() => m.forward(cat, padBatch([[1, 3]], PAD))).toThrow(/ids must have shape \[2, \*\], got \[1, 2\]/);
    expect(() => m.forward(cat, padBatch([[1, 13], [1, 1]], PAD))).toThrow(/ids\[0, 1\] = 13 is out of range \[0, 13\)/);
    expect(() => m.start(Int32Array.from([5]))).toThrow(/category\[0\] = 5 is out of range \[0, 2\)/);
    expect(() => m.start([0] as unknown as Int32Array)).toThrow(ValueError);
    const state = m.start(Int32Array.from([0, 1]));
    expect(() => m.step(Int32Array.from([1]), state)).toThrow(/tokens must have shape \[2\], got \[1\]/);
    expect(() => m.step(Int32Array.from([1, -1]), state)).toThrow(/tokens\[1\] = -1 is out of range/);
    m.disposeState(state);
    expect(() => small({ numCategories: 0 })).toThrow(/config\.numCategories must be an integer >= 1, got 0/);
    expect(() => small({ padId: -1 })).toThrow(/config\.padId must be an integer >= 0/);
    tf.dispose([ids, cat]);
    m.dispose();
  });

  it('round-trips through a bundle and createDefaultRegistry() with identical logits', async () => {
    const m = small({ cell: 'lstm', numLayers: 2 }).eval();
    const loaded = (await bundleRoundTrip('generate-names', NameGenerator.type, m, 13)).eval();
    expect(loaded).toBeInstanceOf(NameGenerator);
    const ids = padBatch([[1, 3, 4], [1, 9, 0]], PAD);
    const cat = tf.tensor1d([0, 1], 'int32');
    const a = m.forward(cat, ids);
    const b = loaded.forward(cat, ids);
    await expectClose(b, a, 0);
    tf.dispose([ids, cat, a, b]);
    m.dispose();
    loaded.dispose();
  });

  describeOnBackend('wasm', () => {

    it('learns each language\'s alphabet: sampled names use only their language\'s letters', async () => {
      const m = new NameGenerator({ vocabSize: 13, numCategories: 2, padId: PAD, cell: 'gru', embeddingDim: 8, hiddenSize: 24, rng: new Generator(0) });
      const opt = tf.train.adam(0.02);
      const data = new Generator(1);
      for (let step = 0; step < 150; step++) {
        const langs = Array.from({ length: 32 }, () => data.int(2));
        const { tgtIn, tgtOut } = teacherBatch(langs.map((l) => syntheticName(l, data)));
        const cat = tf.tensor1d(langs, 'int32');
        opt.minimize(() => crossEntropy(m.forward(cat, tgtIn), tgtOut) as tf.Scalar, false, m.parameters());
        tf.dispose([tgtIn, tgtOut, cat]);
      }
      m.eval();
      const category = Int32Array.from({ length: 40 }, (_, i) => i % 2);
      const state = m.start(category);
      const names = await sampleDecode(m, state, 40, { bosId: BOS, eosId: EOS, maxLength: 12, temperature: 0.5, rng: new Generator(2) });
      m.disposeState(state);
      names.forEach((h, i) => {
        expect(h.tokens.at(-1)).toBe(EOS);
        const letters = h.tokens.slice(0, -1);
        expect(letters.length).toBeGreaterThan(0);
        if (i % 2 === 1) for (const c of letters) expect(c >= 8 && c <= 12).toBe(true);
        else letters.forEach((c, k) => expect(k % 2 === 0 ? c >= 3 && c <= 5 : c >= 6 && c <= 7).toBe(true));
      });
      opt.dispose();
      m.dispose();
    });
  });
});
