import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, ShapeError, ValueError } from '@seqlab/core';
import { TransformerLM } from '@seqlab/transformer';
import { describeBackends, expectClose } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { beamSearch } from '../decoding/beam.js';
import { greedyDecode } from '../decoding/greedy.js';
import { sampleDecode } from '../decoding/sampling.js';
import { memoryReader, memoryWriter } from '../bundle/io.js';
import { loadBundle } from '../bundle/load.js';
import { saveBundle } from '../bundle/save.js';
import { createDefaultRegistry } from './architectures.js';
import { TransformerLanguageModel, type TransformerLanguageModelConfig } from './transformer-lm.js';

const V = 12;
const CONFIG: TransformerLanguageModelConfig = { vocabSize: V, dModel: 16, nhead: 2, numLayers: 2, dimFeedforward: 32, dropout: 0, maxLen: 24 };
const make = (extra: Partial<TransformerLanguageModelConfig> = {}) => new TransformerLanguageModel({ ...CONFIG, ...extra, rng: new Generator(11) });

/** Next-token logits `[N, V]` after `prefixes` by a full (uncached) forward. */
function fullLast(m: TransformerLanguageModel, prefixes: number[][]): tf.Tensor {
  return tf.tidy(() => {
    const logits = m.forward(tf.tensor2d(prefixes, [prefixes.length, prefixes[0]!.length], 'int32'));
    const [n, t] = logits.shape as [number, number, number];
    return tf.reshape(tf.slice(logits, [0, t - 1, 0], [n, 1, V]), [n, V]);
  });
}

/** Sum of log p(tokens | BOS, prefix) by a full forward. */
async function fullLogProb(m: TransformerLanguageModel, bos: number, tokens: number[]): Promise<number> {
  const lp = tf.tidy(() => {
    const logits = m.forward(tf.tensor2d([[bos, ...tokens.slice(0, -1)]], [1, tokens.length], 'int32'));
    return tf.sum(tf.mul(tf.logSoftmax(tf.squeeze(logits, [0])), tf.oneHot(tf.tensor1d(tokens, 'int32'), V)));
  });
  const v = (await lp.data())[0]!;
  lp.dispose();
  return v;
}

it('TransformerLanguageModel: config, bundle type and TransformerLM state dict names', () => {
  const m = make();
  expect(TransformerLanguageModel.type).toBe('transformer-lm');
  expect(m.config).toEqual({ ...CONFIG, tieWeights: true, normFirst: true });
  const ref = new TransformerLM({ ...CONFIG, rng: new Generator(11) });
  expect(Object.keys(m.stateDict())).toEqual(Object.keys(ref.stateDict()));
  expect(Object.keys(make({ tieWeights: false }).stateDict())).toContain('head.weight');
  ref.dispose();
  m.dispose();
});

it('TransformerLanguageModel: bad config and bad decoding input name the field', () => {
  expect(() => make({ nhead: 3 })).toThrow(/dModel \(16\) must be divisible by config.nhead \(3\)/);
  expect(() => make({ numLayers: 0 })).toThrow(/config.numLayers must be a positive integer, got 0/);
  expect(() => make({ dropout: 1.5 })).toThrow(/config.dropout must be in \[0, 1\), got 1.5/);
  expect(() => make({ tieWeights: 'yes' as unknown as boolean })).toThrow(/config.tieWeights must be a boolean/);
  const m = make();
  expect(() => m.start(0)).toThrow(ValueError);
  const s = m.start(2);
  expect(() => m.step(Int32Array.from([1]), s)).toThrow(ShapeError);
  expect(() => m.step(Int32Array.from([1, V]), s)).toThrow(/token ids must be in \[0, 12\), got 12/);
  expect(() => m.selectRows(s, Int32Array.from([2]))).toThrow(/indices must be in \[0, 2\), got 2/);
  m.disposeState(s);
  m.dispose();
});

it('TransformerLanguageModel: a bundle round-trips through the default registry with identical logits', async () => {
  const m = make().eval();
  const w = memoryWriter();
  const tok = JSON.stringify({ model: { type: 'WordLevel', vocab: Object.fromEntries(Array.from({ length: V }, (_, i) => [`t${i}`, i])) } });
  await saveBundle(w, { task: TransformerLanguageModel.task, architecture: { type: TransformerLanguageModel.type, ...m.config }, model: m, tokenizers: { text: { file: 'tokenizer.json', json: tok, vocabSize: V } } });
  const { model } = await loadBundle<TransformerLanguageModel>(memoryReader(w.files), createDefaultRegistry(), { task: 'lm' });
  expect(model).toBeInstanceOf(TransformerLanguageModel);
  const ids = tf.tensor2d([[1, 4, 7, 2]], [1, 4], 'int32');
  const a = m.forward(ids);
  const b = model.eval().forward(ids);
  await expectClose(b, a, 0);
  tf.dispose([ids, a, b]);
  model.dispose();
  m.dispose();
});

describeBackends('TransformerLanguageModel', () => {
  it('steps over the KV cache give the logits of a full recompute (1e-5)', async () => {
    const m = make().eval();
    await expectNoLeaksAsync(async () => {
      const prefixes = [[1], [3], [5]];
      const initial = m.start(3);
      let state = initial;
      for (let t = 0; t < 6; t++) {
        const out = m.step(Int32Array.from(prefixes.map((p) => p.at(-1)!)), state);
        const ref = fullLast(m, prefixes);
        await expectClose(out.logits, ref, 1e-5);
        prefixes.forEach((p, r) => p.push((r * 5 + t * 7) % V));
        tf.dispose([out.logits, ref]);
        if (state !== initial) m.disposeState(state);
        state = out.state;
      }
      m.disposeState(state);
      m.disposeState(initial);
    });
    m.dispose();
  });

  it('greedy, beam and sampling decoders drive it: each hypothesis log-probability equals a full recompute', async () => {
    const m = make().eval();
    await expectNoLeaksAsync(async () => {
      const opts = { bosId: 1, eosId: 2, maxLength: 7 };
      const s0 = m.start(2);
      const greedy = await greedyDecode(m, s0, 2, opts);
      const s1 = m.start(2);
      const beams = await beamSearch(m, s1, 2, { ...opts, beamWidth: 3, nBest: 3 });
      const s2 = m.start(2);
      const sampled = await sampleDecode(m, s2, 2, { ...opts, topK: 4, rng: new Generator(3) });
      for (const s of [s0, s1, s2]) m.disposeState(s);
      const all = [...greedy, ...beams.flat(), ...sampled];
      expect(all).toHaveLength(2 + 6 + 2);
      for (const h of all) expect(h.logProb).toBeCloseTo(await fullLogProb(m, 1, h.tokens), 4);
      // Width-1 beam search is greedy decoding.
      const s3 = m.start(2);
      const b1 = await beamSearch(m, s3, 2, { ...opts, beamWidth: 1 });
      m.disposeState(s3);
      expect(b1.map((b) => b[0]!.tokens)).toEqual(greedy.map((g) => g.tokens));
    });
    m.dispose();
  });

  it('trains: Adam steps lower the loss with no tensor leak per step', async () => {
    const m = make();
    const opt = tf.train.adam(1e-2);
    const x = tf.tensor2d([[1, 3, 4, 5, 6, 7], [1, 8, 9, 10, 11, 3]], [2, 6], 'int32');
    const y = tf.tensor2d([[3, 4, 5, 6, 7, 2], [8, 9, 10, 11, 3, 2]], [2, 6], 'int32');
    const step = async () => {
      const cost = opt.minimize(() => crossEntropy(m.forward(x), y) as tf.Scalar, true, m.parameters())!;
      const v = (await cost.data())[0]!;
      cost.dispose();
      return v;
    };
    const first = await step();
    let last = first;
    for (let i = 0; i < 10; i++) last = await expectNoLeaksAsync(step);
    expect(last).toBeLessThan(first * 0.7);
    tf.dispose([x, y]);
    opt.dispose();
    m.dispose();
  });
});
