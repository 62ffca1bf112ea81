import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describeBackends, expectClose, read } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { lastPosition } from './incremental.js';
import { TransformerLM, type TransformerLMOptions } from './lm.js';

const small = (extra: Partial<TransformerLMOptions> = {}): TransformerLM =>
  new TransformerLM({ vocabSize: 11, dModel: 16, nhead: 2, numLayers: 2, maxLen: 32, dropout: 0, rng: new Generator(3), ...extra });

describeBackends('TransformerLM', () => {
  for (const variant of [
    { name: 'pre-norm, learned positions, tied', opts: {} },
    { name: 'post-norm, sinusoidal positions, untied, relu', opts: { normFirst: false, positional: 'sinusoidal' as const, tieWeights: false, activation: 'relu' as const } },
  ]) {
    it(`KV-cache logits equal a full recompute (${variant.name})`, async () => {
      const lm = small(variant.opts).eval();
      const ids = tf.tensor2d([[1, 5, 2, 9, 4, 4, 7], [3, 3, 0, 1, 10, 2, 6]], [2, 7], 'int32');
      await expectNoLeaksAsync(async () => {
        const full = lm.forward(ids);
        const cache = lm.createCache();
        // A 3-token prompt at once, then one token at a time.
        const parts = [tf.slice(ids, [0, 0], [2, 3]), ...[3, 4, 5, 6].map((t) => tf.slice(ids, [0, t], [2, 1]))];
        const steps = parts.map((p) => lm.forwardIncremental(p, cache));
        const joined = tf.concat(steps, 1);
        await expectClose(joined, full, 1e-5);
        expect(cache.length).toBe(7);
        cache.dispose();
        tf.dispose([full, joined, ...parts, ...steps]);
      });
      ids.dispose();
      lm.dispose();
    });
  }

  it('greedy decoding with the cache picks the same tokens as without it', async () => {
    const lm = small().eval();
    const decode = async (useCache: boolean): Promise<number[]> => {
      const out = [1, 2];
      const cache = lm.createCache();
      let pending = out.slice();
      for (let step = 0; step < 10; step++) {
        const input = useCache ? tf.tensor2d([pending], [1, pending.length], 'int32') : tf.tensor2d([out], [1, out.length], 'int32');
        const logits = useCache ? lm.forwardIncremental(input, cache) : lm.forward(input);
        const last = lastPosition(logits);
        const best = tf.argMax(last, -1);
        const next = (await read(best))[0]!;
        tf.dispose([input, logits, last, best]);
        out.push(next);
        pending = [next];
      }
      cache.dispose();
      return out;
    };
    await expectNoLeaksAsync(async () => {
      expect(await decode(true)).toEqual(await decode(false));
    });
    lm.dispose();
  });

  it('trains: Adam steps lower the next-token loss with no tensor leak per step', async () => {
    const lm = small({ dropout: 0.1 });
    const opt = tf.train.adam(0.01);
    const seq = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7];
    const x = tf.tensor2d([seq.slice(0, -1)], [1, seq.length - 1], 'int32');
    const y = tf.tensor2d([seq.slice(1)], [1, seq.length - 1], 'int32');
    const step = async () => {
      const cost = opt.minimize(() => crossEntropy(lm.forward(x), y) as tf.Scalar, true, lm.parameters())!;
      const v = (await cost.data())[0]!;
      cost.dispose();
      return v;
    };
    const first = await step();
    let last = first;
    for (let i = 0; i < 12; i++) last = await expectNoLeaksAsync(step);
    expect(last).toBeLessThan(first * 0.7);
    tf.dispose([x, y]);
    opt.dispose();
    lm.dispose();
  });
});
