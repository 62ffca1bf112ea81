import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, ShapeError, ValueError } from '@seqlab/core';
import { describeOnBackend, expectClose, type FixtureArray, fromFixture } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/rnn-charlm.json' with { type: 'json' };
import { greedyDecode } from '../decoding/greedy.js';
import { bundleRoundTrip, expectBeamOneIsGreedy, expectTorchGrads, loadTorchState, type TorchModelCase } from './char-lm-models.test-helper.js';
import { CharLM, type CharLMConfig, type CharLMState } from './char-lm.js';

type LMCase = TorchModelCase & { config: CharLMConfig; ids1: FixtureArray; ids2: FixtureArray; logits1: FixtureArray; logits2: FixtureArray; h2: FixtureArray; c2?: FixtureArray };
const cases = fixtures.cases as unknown as Record<string, LMCase>;

const small = (over: Partial<CharLMConfig> = {}) => new CharLM({ vocabSize: 10, cell: 'lstm', embeddingDim: 4, hiddenSize: 6, numLayers: 2, rng: new Generator(0), ...over });

/** Keeps a state returned inside `optimizer.minimize` (which frees everything else it created). */
const keepState = (s: CharLMState): CharLMState => ({ h: tf.keep(s.h), ...(s.c ? { c: tf.keep(s.c) } : {}) });

describe('CharLM', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`equals PyTorch on ${name}: two chunks with the state carried, logits, final state and gradients within 1e-5`, async () => {
      const m = new CharLM({ ...c.config, rng: new Generator(1) });
      loadTorchState(m, c);
      const ids1 = fromFixture(c.ids1, 'int32');
      const ids2 = fromFixture(c.ids2, 'int32');
      await expectNoLeaksAsync(async () => {
        const first = m.forward(ids1);
        await expectClose(first.logits, c.logits1, 1e-5);
        const second = m.forward(ids2, first.state);
        await expectClose(second.logits, c.logits2, 1e-5);
        await expectClose(second.state.h, c.h2, 1e-5);
        if (c.c2) await expectClose(second.state.c!, c.c2, 1e-5);
        // Truncated BPTT: the carried state is a constant, so only chunk 2's own steps get gradients.
        await expectTorchGrads(m, () => m.forward(ids2, first.state).logits, c);
        tf.dispose([first.logits, second.logits]);
        m.disposeState(first.state);
        m.disposeState(second.state);
      });
      tf.dispose([ids1, ids2]);
      m.dispose();
    });
  }

  it('state dict follows word_language_model: encoder, rnn, decoder; tied weights are stored once', () => {
    const m = small();
    expect(Object.keys(m.stateDict())).toEqual(['encoder.weight', ...Object.keys(m.rnn.stateDict()).map((k) => `rnn.${k}`), 'decoder.weight', 'decoder.bias']);
    const tied = small({ tieWeights: true, embeddingDim: 6, cell: 'gru' });
    const keys = Object.keys(tied.stateDict());
    expect(keys).not.toContain('decoder.weight');
    expect(keys.at(-1)).toBe('decoder.bias');
    tied.dispose();
    m.dispose();
  });

  it('forward over a sequence in chunks equals one forward over the whole sequence', async () => {
    const m = small({ cell: 'gru' }).eval();
    const ids = tf.tensor2d([[1, 4, 2, 9, 0, 3], [5, 5, 6, 7, 8, 1]], [2, 6], 'int32');
    const whole = m.forward(ids);
    const a = tf.slice(ids, [0, 0], [2, 4]);
    const b = tf.slice(ids, [0, 4], [2, 2]);
    const first = m.forward(a);
    const second = m.forward(b, first.state);
    await expectClose(tf.concat([first.logits, second.logits], 1), whole.logits, 1e-5);
    await expectClose(second.state.h, whole.state.h, 1e-5);
    tf.dispose([ids, a, b, whole.logits, first.logits, second.logits]);
    for (const s of [whole.state, first.state, second.state]) m.disposeState(s);
    m.dispose();
  });

  it('truncated BPTT training (state kept across chunks, dropout on) leaks no tensor per step', async () => {
    const m = small({ dropout: 0.2 });
    const opt = tf.train.adam(0.01);
    const chunk = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
    const target = tf.tensor2d([[2, 3, 4], [5, 6, 7]], [2, 3], 'int32');
    let state = m.start(2);
    const step = async () => {
      let next!: CharLMState;
      const cost = opt.minimize(() => {
        const out = m.forward(chunk, state);
        next = keepState(out.state);
        return crossEntropy(out.logits, target) as tf.Scalar;
      }, true, m.parameters())!;
      expect(Number.isFinite((await cost.data())[0]!)).toBe(true);
      cost.dispose();
      m.disposeState(state);
      state = next;
    };
    await step(); // creates Adam's moment variables
    await expectNoLeaksAsync(step);
    await expectNoLeaksAsync(step);
    m.disposeState(state);
    tf.dispose([chunk, target]);
    opt.dispose();
    m.dispose();
  });

  it('generates through the StepModel interface: steps equal forward, beam width 1 is greedy, no leaks', async () => {
    const m = small({ cell: 'rnn', tieWeights: true, embeddingDim: 6 }).eval();
    const ids = [[3, 1, 4], [1, 5, 9]];
    const idsT = tf.tensor2d(ids, [2, 3], 'int32');
    const full = m.forward(idsT);
    const rows = (await full.logits.array()) as number[][][];
    await expectNoLeaksAsync(async () => {
      let state = m.start(2);
      for (let t = 0; t < 3; t++) {
        const out = m.step(Int32Array.from(ids.map((r) => r[t]!)), state);
        m.disposeState(state);
        state = out.state;
        await expectClose(out.logits, rows.flatMap((r) => r[t]!), 1e-5);
        out.logits.dispose();
      }
      m.disposeState(state);
      const opts = { bosId: 0, eosId: 9, maxLength: 6 };
      await expectBeamOneIsGreedy(m, () => m.start(2), 2, opts);
    });
    tf.dispose([idsT, full.logits]);
    m.disposeState(full.state);
    m.dispose();
  });

  it('names bad input and bad config', () => {
    const m = small();
    const ids = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    expect(() => m.forward(tf.tensor1d([1, 2], 'int32'))).toThrow(/ids must have shape \[\*, \*\], got \[2\]/);
    expect(() => m.forward(tf.tensor2d([[1, 10]], [1, 2], 'int32'))).toThrow(/ids\[0, 1\] = 10 is out of range \[0, 10\)/);
    const wrong = m.start(3);
    expect(() => m.forward(ids, wrong)).toThrow(/state\.h must have shape \[2, 1, 6\], got \[2, 3, 6\]/);
    m.disposeState(wrong);
    const noC = { h: tf.zeros([2, 1, 6]) };
    expect(() => m.forward(ids, noC)).toThrow(/state\.c is required for an LSTM/);
    noC.h.dispose();
    expect(() => m.start(0)).toThrow(/rows must be a positive integer, got 0/);
    const s = m.start(1);
    expect(() => m.step(Int32Array.from([11]), s)).toThrow(/tokens\[0\] = 11 is out of range \[0, 10\)/);
    m.disposeState(s);
    expect(() => small({ tieWeights: true })).toThrow(/tieWeights needs hiddenSize === embeddingDim, got hiddenSize 6 and embeddingDim 4/);
    expect(() => small({ vocabSize: 2.5 })).toThrow(ValueError);
    expect(() => m.forward(tf.zeros([1, 2]))).toThrow(ShapeError);
    ids.dispose();
    m.dispose();
  });

  it('round-trips through a bundle and createDefaultRegistry() with identical logits (tied and untied)', async () => {
    for (const over of [{}, { tieWeights: true, embeddingDim: 6, cell: 'gru' as const }]) {
      const m = small(over).eval();
      const loaded = (await bundleRoundTrip('lm', CharLM.type, m, 10)).eval();
      expect(loaded).toBeInstanceOf(CharLM);
      const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
      const a = m.forward(ids);
      const b = loaded.forward(ids);
      await expectClose(b.logits, a.logits, 0);
      tf.dispose([ids, a.logits, b.logits]);
      m.disposeState(a.state);
      loaded.disposeState(b.state);
      m.dispose();
      loaded.dispose();
    }
  });

  describeOnBackend('wasm', () => {

    it('learns a periodic text with truncated BPTT and continues it greedily', async () => {
      // "0 1 2 3 4 5 6 0 1 2 ..." split into 4 parallel streams, fed in chunks of 5 with the
      // state carried: the model must learn the cycle, including across chunk boundaries.
      const period = 7;
      const m = new CharLM({ vocabSize: period, cell: 'lstm', embeddingDim: 8, hiddenSize: 16, numLayers: 1, rng: new Generator(0) });
      const opt = tf.train.adam(0.03);
      const streams = 4;
      const len = 5;
      let state = m.start(streams);
      let pos = 0;
      for (let step = 0; step < 60; step++) {
        const rows = Array.from({ length: streams }, (_, r) => Array.from({ length: len + 1 }, (_, t) => (r * 3 + pos + t) % period));
        const input = tf.tensor2d(rows.map((r) => r.slice(0, len)), [streams, len], 'int32');
        const target = tf.tensor2d(rows.map((r) => r.slice(1)), [streams, len], 'int32');
        let next!: CharLMState;
        opt.minimize(() => {
          const out = m.forward(input, state);
          next = keepState(out.state);
          return crossEntropy(out.logits, target) as tf.Scalar;
        }, false, m.parameters());
        m.disposeState(state);
        state = next;
        pos += len;
        tf.dispose([input, target]);
      }
      m.disposeState(state);
      m.eval();
      // Prime with "3", feed "4" as the first token (bosId), then greedy decoding must continue "5 6 0 1 2 3 ...".
      const primeIds = tf.tensor2d([[3]], [1, 1], 'int32');
      const prime = m.forward(primeIds);
      tf.dispose([primeIds, prime.logits]);
      const out = await greedyDecode(m, prime.state, 1, { bosId: 4, eosId: period + 100, maxLength: 10 });
      m.disposeState(prime.state);
      expect(out[0]!.tokens).toEqual([5, 6, 0, 1, 2, 3, 4, 5, 6, 0]);
      opt.dispose();
      m.dispose();
    });
  });
});
