/**
 * The RNN task models (NameClassifier, NameGenerator, CharLM) on every backend: cpu and wasm in
 * Node, webgl and webgpu in headless Chromium. Per model: PyTorch parity (logits and every
 * parameter gradient), then — on the same shapes, so GPU backends reuse their compiled programs —
 * a leak-free training step, an eval pass and generation through the decoders. One file for the
 * three models: SwiftShader compiles each program once per page.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect, it } from 'vitest';
import charlmFixtures from '../../fixtures/rnn-charlm.json' with { type: 'json' };
import classifierFixtures from '../../fixtures/rnn-classifier.json' with { type: 'json' };
import generatorFixtures from '../../fixtures/rnn-generator.json' with { type: 'json' };
import { sampleDecode } from '../decoding/sampling.js';
import { expectBeamOneIsGreedy, expectTorchGrads, loadTorchState, type TorchModelCase } from './char-lm-models.test-helper.js';
import { CharLM, type CharLMConfig, type CharLMState } from './char-lm.js';
import { NameClassifier, type NameClassifierConfig } from './name-classifier.js';
import { NameGenerator, type NameGeneratorConfig } from './name-generator.js';

type ClassifierCase = TorchModelCase & { config: NameClassifierConfig; ids: FixtureArray; lengths: number[]; logits: FixtureArray };
type GeneratorCase = TorchModelCase & { config: NameGeneratorConfig; category: FixtureArray; ids: FixtureArray; logits: FixtureArray };
type LMCase = TorchModelCase & { config: CharLMConfig; ids1: FixtureArray; ids2: FixtureArray; logits1: FixtureArray; logits2: FixtureArray; h2: FixtureArray; c2?: FixtureArray };
const classifierCase = (classifierFixtures.cases as unknown as Record<string, ClassifierCase>).gru_bi_2layers!;
const generatorCase = (generatorFixtures.cases as unknown as Record<string, GeneratorCase>).lstm_1layer!;
const lmCase = (charlmFixtures.cases as unknown as Record<string, LMCase>).lstm_2layers!;

/** One Adam step (the first creates the moment variables), then a second that must not leak. */
async function trainsWithoutLeaks(loss: () => tf.Scalar, params: tf.Variable[], after: () => void = () => {}): Promise<void> {
  const opt = tf.train.adam(0.01);
  const step = async () => {
    const cost = opt.minimize(loss, true, params)!;
    expect(Number.isFinite((await cost.data())[0]!)).toBe(true);
    cost.dispose();
    after();
  };
  await step();
  await expectNoLeaksAsync(step);
  opt.dispose();
}

describeBackends('RNN task models', (backend) => {
  // GPU backends (SwiftShader) sum in a different order: a little more slack there.
  const atol = backend === 'cpu' || backend === 'wasm' ? 1e-5 : 1e-4;

  it('NameClassifier: PyTorch parity (packed bidirectional GRU), a training step (dropout on) and an eval pass without leaks', async () => {
    const c = classifierCase;
    const m = new NameClassifier({ ...c.config, dropout: 0.2, rng: new Generator(1) });
    loadTorchState(m, c);
    const ids = fromFixture(c.ids, 'int32');
    const y = tf.tensor1d([0, 2, 1, 1], 'int32');
    m.eval();
    await expectNoLeaksAsync(async () => {
      const logits = m.forward(ids, c.lengths);
      await expectClose(logits, c.logits, atol);
      logits.dispose();
      await expectTorchGrads(m, () => m.forward(ids, c.lengths), c, atol);
    });
    m.train();
    await trainsWithoutLeaks(() => crossEntropy(m.forward(ids, c.lengths), y) as tf.Scalar, m.parameters());
    tf.dispose([ids, y]);
    m.dispose();
  });

  it('NameGenerator: PyTorch parity (LSTM), a training step, greedy / beam / sampled generation without leaks', async () => {
    const c = generatorCase;
    const m = new NameGenerator({ ...c.config, rng: new Generator(1) });
    loadTorchState(m, c);
    const cat = fromFixture(c.category, 'int32');
    const ids = fromFixture(c.ids, 'int32');
    await expectNoLeaksAsync(async () => {
      const logits = m.forward(cat, ids);
      await expectClose(logits, c.logits, atol);
      logits.dispose();
      await expectTorchGrads(m, () => m.forward(cat, ids), c, atol);
    });
    await trainsWithoutLeaks(() => crossEntropy(m.forward(cat, ids), ids) as tf.Scalar, m.parameters());
    m.eval();
    await expectNoLeaksAsync(async () => {
      const opts = { bosId: 1, eosId: 2, maxLength: 4 };
      const category = Int32Array.from([0, 2]);
      await expectBeamOneIsGreedy(m, () => m.start(category), 2, opts);
      const s3 = m.start(category);
      expect(await sampleDecode(m, s3, 2, { ...opts, rng: new Generator(3) })).toHaveLength(2);
      m.disposeState(s3);
    });
    tf.dispose([cat, ids]);
    m.dispose();
  });

  it('CharLM: PyTorch parity (2-layer LSTM, state carried), a truncated-BPTT step, greedy / beam generation without leaks', async () => {
    const c = lmCase;
    const m = new CharLM({ ...c.config, rng: new Generator(1) });
    loadTorchState(m, c);
    const ids1 = fromFixture(c.ids1, 'int32');
    const ids2 = fromFixture(c.ids2, 'int32');
    await expectNoLeaksAsync(async () => {
      const first = m.forward(ids1);
      const second = m.forward(ids2, first.state);
      await expectClose(first.logits, c.logits1, atol);
      await expectClose(second.logits, c.logits2, atol);
      await expectClose(second.state.h, c.h2, atol);
      await expectClose(second.state.c!, c.c2!, atol);
      await expectTorchGrads(m, () => m.forward(ids2, first.state).logits, c, atol);
      tf.dispose([first.logits, second.logits]);
      m.disposeState(first.state);
      m.disposeState(second.state);
    });
    let state: CharLMState = m.start(ids1.shape[0]!);
    let next!: CharLMState;
    const loss = () => {
      const out = m.forward(ids1, state);
      next = { h: tf.keep(out.state.h), c: tf.keep(out.state.c!) };
      return crossEntropy(out.logits, ids2) as tf.Scalar;
    };
    await trainsWithoutLeaks(loss, m.parameters(), () => {
      m.disposeState(state);
      state = next;
    });
    m.disposeState(state);
    m.eval();
    await expectNoLeaksAsync(async () => {
      const opts = { bosId: 1, eosId: 7, maxLength: 4 };
      await expectBeamOneIsGreedy(m, () => m.start(2), 2, opts);
    });
    tf.dispose([ids1, ids2]);
    m.dispose();
  });
});
