import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator, ShapeError } from '@seqlab/core';
import { describeBackends, expectClose } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { Transformer } from './transformer.js';

const N = 2;
const S = 5;
const T = 6;
const E = 8;

describeBackends('TransformerDecoder.forwardIncremental (DecoderCache)', () => {
  for (const { normFirst, batchFirst } of [
    { normFirst: false, batchFirst: true },
    { normFirst: true, batchFirst: false },
  ]) {
    it(`equals the full causal forward at 1e-5 (${normFirst ? 'pre' : 'post'}-norm, ${batchFirst ? 'batch-first' : 'time-major'}, padded memory)`, async () => {
      const rng = new Generator(5);
      const model = new Transformer({ dModel: E, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 2, dimFeedforward: 16, dropout: 0, normFirst, batchFirst, rng }).eval();
      const bf = (x: tf.Tensor) => (batchFirst ? x : tf.transpose(x, [1, 0, 2]));
      const memory = bf(tf.tensor3d(rng.normal(N * S * E), [N, S, E]));
      const tgt = bf(tf.tensor3d(rng.normal(N * T * E), [N, T, E]));
      const pad = tf.tensor2d([[false, false, false, false, false], [false, false, false, true, true]], [N, S], 'bool');
      await expectNoLeaksAsync(async () => {
        const full = model.decoder.forwardWithWeights(tgt, memory, { tgtIsCausal: true, memoryKeyPaddingMask: pad });
        const cache = model.decoder.createCache(memory, pad);
        const axis = batchFirst ? 1 : 0;
        // A 2-token chunk, then one token at a time.
        const bounds = [[0, 2], [2, 1], [3, 1], [4, 1], [5, 1]] as const;
        const outs: tf.Tensor[] = [];
        const weights: tf.Tensor[] = [];
        for (const [from, len] of bounds) {
          const part = tf.tidy(() => tf.slice(tgt, batchFirst ? [0, from, 0] : [from, 0, 0], batchFirst ? [N, len, E] : [len, N, E]));
          const r = model.decoder.forwardIncremental(part, cache, true);
          outs.push(r.output);
          weights.push(r.crossWeights!);
          part.dispose();
        }
        expect(cache.length).toBe(T);
        const joined = tf.concat(outs, axis);
        const joinedW = tf.concat(weights, 1);
        await expectClose(joined, full.output, 1e-5);
        await expectClose(joinedW, full.crossWeights!, 1e-5);
        cache.dispose();
        tf.dispose([joined, joinedW, full.output, full.crossWeights!, ...outs, ...weights]);
      });
      tf.dispose([memory, tgt, pad]);
      model.dispose();
    });
  }

  it('fork and selectRows give independent caches; bad memory shapes are named', async () => {
    const rng = new Generator(6);
    const model = new Transformer({ dModel: E, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16, dropout: 0, batchFirst: true, rng }).eval();
    const memory = tf.tensor3d(rng.normal(N * S * E), [N, S, E]);
    const tgt = tf.tensor3d(rng.normal(N * 2 * E), [N, 2, E]);
    await expectNoLeaksAsync(async () => {
      const cache = model.decoder.createCache(memory);
      const first = tf.slice(tgt, [0, 0, 0], [N, 1, E]);
      const second = tf.slice(tgt, [0, 1, 0], [N, 1, E]);
      model.decoder.forwardIncremental(first, cache).output.dispose();
      const forked = cache.fork();
      const swapped = cache.selectRows([1, 0]);
      const a = model.decoder.forwardIncremental(second, forked).output;
      const secondSwapped = tf.reverse(second, 0);
      const b = model.decoder.forwardIncremental(secondSwapped, swapped).output;
      expect(cache.length).toBe(1);
      expect(forked.length).toBe(2);
      const bBack = tf.reverse(b, 0);
      await expectClose(bBack, a, 1e-6);
      const full = model.decoder.forward(tgt, memory, { tgtIsCausal: true });
      const fullLast = tf.slice(full, [0, 1, 0], [N, 1, E]);
      await expectClose(a, fullLast, 1e-5);
      for (const c of [cache, forked, swapped]) c.dispose();
      tf.dispose([first, second, secondSwapped, a, b, bBack, full, fullLast]);
    });
    expect(() => model.decoder.createCache(tf.zeros([N, S, E + 1]))).toThrow(ShapeError);
    expect(() => model.decoder.createCache(memory, tf.zeros([N, S + 1], 'bool'))).toThrow(/memoryKeyPaddingMask/);
    tf.dispose([memory, tgt]);
    model.dispose();
  });
});
