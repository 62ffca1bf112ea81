import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, ShapeError, ValueError } from '@seqlab/core';
import { describeOnBackend, expectClose, fromFixture } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/rnn-classifier.json' with { type: 'json' };
import { bundleRoundTrip, expectTorchGrads, loadTorchState, padBatch, syntheticName, type TorchModelCase } from './char-lm-models.test-helper.js';
import { NameClassifier, type NameClassifierConfig } from './name-classifier.js';

type ClassifierCase = TorchModelCase & { config: NameClassifierConfig; ids: { shape: number[]; data: number[] }; lengths: number[]; logits: { shape: number[]; data: number[] } };
const cases = fixtures.cases as unknown as Record<string, ClassifierCase>;

const small = (over: Partial<NameClassifierConfig> = {}) =>
  new NameClassifier({ vocabSize: 9, numClasses: 3, padId: 0, cell: 'gru', embeddingDim: 4, hiddenSize: 5, rng: new Generator(0), ...over });

describe('NameClassifier', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`equals PyTorch (pack_padded_sequence) on ${name}: logits and every gradient within 1e-5`, async () => {
      const m = new NameClassifier({ ...c.config, rng: new Generator(1) });
      loadTorchState(m, c);
      const ids = fromFixture(c.ids, 'int32');
      await expectNoLeaksAsync(async () => {
        const logits = m.forward(ids, c.lengths);
        await expectClose(logits, c.logits, 1e-5);
        logits.dispose();
        await expectTorchGrads(m, () => m.forward(ids, c.lengths), c);
      });
      ids.dispose();
      m.dispose();
    });
  }

  it('state dict follows PyTorch names: embedding, rnn (both directions), fc', () => {
    const m = small({ bidirectional: true, numLayers: 2, cell: 'lstm' });
    const keys = Object.keys(m.stateDict());
    expect(keys[0]).toBe('embedding.weight');
    expect(keys).toContain('rnn.weight_hh_l1_reverse');
    expect(keys.slice(-2)).toEqual(['fc.weight', 'fc.bias']);
    expect(m.fc.inFeatures).toBe(10);
    m.dispose();
  });

  it('padding never changes a name\'s logits (whatever ids fill it)', async () => {
    const m = small({ vocabSize: 13, bidirectional: true, numLayers: 2 }).eval();
    const g = new Generator(3);
    const names = [syntheticName(0, g), syntheticName(1, g), [5]];
    const lengths = names.map((n) => n.length);
    const tight = padBatch(names, 0);
    const junk = tf.tensor2d(
      names.map((n) => [...n, ...Array.from({ length: 12 - n.length }, () => 1 + g.int(8))]),
      [names.length, 12],
      'int32',
    );
    const a = m.forward(tight, lengths);
    const b = m.forward(junk, Int32Array.from(lengths));
    const alone = m.forward(padBatch([names[2]!], 0), [1]);
    await expectClose(b, a, 1e-6);
    await expectClose(alone, (await a.array() as number[][])[2]!, 1e-6);
    tf.dispose([tight, junk, a, b, alone]);
    m.dispose();
  });

  it('a training step (dropout on) and an eval pass leak no tensor', async () => {
    const m = small({ numLayers: 2, dropout: 0.3, cell: 'lstm' });
    const opt = tf.train.adam(0.01);
    const ids = padBatch([[1, 2, 3], [4, 5]], 0);
    const y = tf.tensor1d([0, 2], 'int32');
    const step = async () => {
      const cost = opt.minimize(() => crossEntropy(m.forward(ids, [3, 2]), y) as tf.Scalar, true, m.parameters())!;
      expect(Number.isFinite((await cost.data())[0]!)).toBe(true);
      cost.dispose();
    };
    await step(); // the first step creates Adam's moment variables
    for (let i = 0; i < 2; i++) await expectNoLeaksAsync(step);
    m.eval();
    await expectNoLeaksAsync(async () => {
      const a = m.forward(ids, [3, 2]);
      const b = m.forward(ids, [3, 2]);
      await expectClose(a, b, 0); // eval mode: no dropout, deterministic
      tf.dispose([a, b]);
    });
    tf.dispose([ids, y]);
    opt.dispose();
    m.dispose();
  });

  it('names bad input and bad config', () => {
    const m = small();
    const ids = padBatch([[1, 2, 3], [4, 5]], 0);
    expect(() => m.forward(tf.zeros([3], 'int32'), [1, 1, 1])).toThrow(ShapeError);
    expect(() => m.forward(tf.zeros([2, 3], 'float32'), [1, 1])).toThrow(/ids/);
    expect(() => m.forward(padBatch([[1, 9]], 0), [2])).toThrow(/ids\[0, 1\] = 9 is out of range \[0, 9\)/);
    expect(() => m.forward(ids, [3])).toThrow(/lengths must have shape \[2\], got \[1\]/);
    expect(() => m.forward(ids, [3, 0])).toThrow(/lengths\[1\] = 0 must be an integer in \[1, 3\]/);
    expect(() => m.forward(ids, [4, 2])).toThrow(ValueError);
    expect(() => small({ cell: 'elman' as 'rnn' })).toThrow(/config\.cell must be one of 'rnn', 'lstm', 'gru', got "elman"/);
    expect(() => small({ padId: 9 })).toThrow(/config\.padId must be in \[0, 9\)/);
    expect(() => small({ hiddenSize: 0 })).toThrow(/config\.hiddenSize must be an integer >= 1, got 0/);
    expect(() => small({ dropout: 1 })).toThrow(/config\.dropout/);
    ids.dispose();
    m.dispose();
  });

  it('round-trips through a bundle and createDefaultRegistry() with identical logits', async () => {
    const m = small({ bidirectional: true, cell: 'rnn' }).eval();
    const loaded = (await bundleRoundTrip('classify-names', NameClassifier.type, m, 9)).eval();
    expect(loaded).toBeInstanceOf(NameClassifier);
    const ids = padBatch([[1, 2, 3], [4, 5]], 0);
    const a = m.forward(ids, [3, 2]);
    const b = loaded.forward(ids, [3, 2]);
    await expectClose(b, a, 0);
    tf.dispose([ids, a, b]);
    m.dispose();
    loaded.dispose();
  });

  describeOnBackend('wasm', () => {

    it('learns to tell two synthetic languages apart: 100% on held-out names', async () => {
      const m = new NameClassifier({ vocabSize: 13, numClasses: 2, padId: 0, cell: 'gru', embeddingDim: 8, hiddenSize: 16, rng: new Generator(0) });
      const opt = tf.train.adam(0.02);
      const data = new Generator(1);
      const batch = (n: number) => {
        const langs = Array.from({ length: n }, () => data.int(2));
        const names = langs.map((l) => syntheticName(l, data));
        return { ids: padBatch(names, 0), lengths: names.map((s) => s.length), y: tf.tensor1d(langs, 'int32') };
      };
      for (let step = 0; step < 150; step++) {
        const { ids, lengths, y } = batch(32);
        opt.minimize(() => crossEntropy(m.forward(ids, lengths), y) as tf.Scalar, false, m.parameters());
        tf.dispose([ids, y]);
      }
      m.eval();
      const test = batch(200);
      const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(m.forward(test.ids, test.lengths), 1), test.y), 'int32')));
      expect((await correct.data())[0]).toBe(200);
      tf.dispose([test.ids, test.y, correct]);
      opt.dispose();
      m.dispose();
    });
  });
});
