import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describeBackends, expectClose } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { beamSearch } from '../decoding/beam.js';
import { BOS, EOS, PAD, VOCAB } from './reversal.test-helper.js';
import { TransformerSeq2Seq, type Seq2SeqState } from './transformer-seq2seq.js';

const model = (normFirst: boolean) =>
  new TransformerSeq2Seq({ srcVocab: VOCAB, tgtVocab: VOCAB, padId: PAD, dModel: 16, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 32, dropout: 0, maxLen: 16, normFirst, rng: new Generator(normFirst ? 7 : 8) }).eval();

// Three sources of different lengths: padding in the memory must be masked the same way.
const SOURCES = [
  [3, 4, 5, 6, 7, 8],
  [9, 10, 11, 0, 0, 0],
  [12, 3, 3, 5, 0, 0],
];

/** Last-position logits of a full teacher-forced recompute over `prefixes`. */
function fullLast(m: TransformerSeq2Seq, src: number[][], prefixes: number[][]): tf.Tensor {
  return tf.tidy(() => {
    const s = tf.tensor2d(src, [src.length, src[0]!.length], 'int32');
    const p = tf.tensor2d(prefixes, [prefixes.length, prefixes[0]!.length], 'int32');
    const logits = m.forward(s, p);
    const [n, t, v] = logits.shape as [number, number, number];
    return tf.reshape(tf.slice(logits, [0, t - 1, 0], [n, 1, v]), [n, v]);
  });
}

function argmaxRows(values: Float32Array | Int32Array | Uint8Array, rows: number, vocab: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let j = 1; j < vocab; j++) if (values[r * vocab + j]! > values[r * vocab + best]!) best = j;
    return best;
  });
}

describeBackends('TransformerSeq2Seq KV cache', () => {
  for (const normFirst of [false, true]) {
    it(`cached steps give the logits (1e-5) and greedy tokens of a full recompute (${normFirst ? 'pre' : 'post'}-norm)`, async () => {
      const m = model(normFirst);
      const src = tf.tensor2d(SOURCES, [3, 6], 'int32');
      await expectNoLeaksAsync(async () => {
        const initial = m.encode(src);
        let state: Seq2SeqState = initial;
        const prefixes = SOURCES.map(() => [BOS]);
        for (let t = 0; t < 8; t++) {
          const out = m.step(Int32Array.from(prefixes.map((p) => p.at(-1)!)), state);
          const ref = fullLast(m, SOURCES, prefixes);
          await expectClose(out.logits, ref, 1e-5);
          // Cross-attention rows: a distribution over the real source tokens only.
          const att = await out.attention!.array() as number[][];
          att.forEach((row, r) => {
            expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
            SOURCES[r]!.forEach((id, j) => id === PAD && expect(row[j]).toBe(0));
          });
          const next = argmaxRows(await ref.data() as Float32Array, 3, VOCAB);
          expect(argmaxRows(await out.logits.data() as Float32Array, 3, VOCAB)).toEqual(next);
          next.forEach((id, r) => prefixes[r]!.push(id));
          tf.dispose([out.logits, out.attention!, ref]);
          if (state !== initial) m.disposeState(state);
          state = out.state;
        }
        expect(state.cache.length).toBe(8);
        m.disposeState(state);
        m.disposeState(initial);
      });
      src.dispose();
      m.dispose();
    });
  }

  it('selectRows reorders and duplicates every cached key/value (beam search)', async () => {
    const m = model(false);
    const src = tf.tensor2d(SOURCES, [3, 6], 'int32');
    await expectNoLeaksAsync(async () => {
      const initial = m.encode(src);
      const feed = [[BOS, 5, 6], [BOS, 7, 8], [BOS, 9, 3]];
      let state = initial;
      for (let t = 0; t < 3; t++) {
        const out = m.step(Int32Array.from(feed.map((f) => f[t]!)), state);
        tf.dispose([out.logits, out.attention!]);
        if (state !== initial) m.disposeState(state);
        state = out.state;
      }
      const order = [2, 0, 0, 1];
      const picked = m.selectRows(state, Int32Array.from(order));
      const out = m.step(Int32Array.from([4, 5, 6, 7]), picked);
      const ref = fullLast(m, order.map((r) => SOURCES[r]!), order.map((r, i) => [...feed[r]!, [4, 5, 6, 7][i]!]));
      await expectClose(out.logits, ref, 1e-5);
      tf.dispose([out.logits, out.attention!, ref]);
      for (const s of [out.state, picked, state, initial]) m.disposeState(s);
    });
    src.dispose();
    m.dispose();
  });

  it('beam search over the cache: each hypothesis log-probability equals a full teacher-forced recompute', async () => {
    const m = model(true);
    const src = tf.tensor2d(SOURCES, [3, 6], 'int32');
    await expectNoLeaksAsync(async () => {
      const s = m.encode(src);
      const beams = await beamSearch(m, s, 3, { bosId: BOS, eosId: EOS, maxLength: 6, beamWidth: 3, nBest: 3 });
      m.disposeState(s);
      for (const [r, b] of beams.entries()) {
        expect(b).toHaveLength(3);
        for (const h of b) {
          const lp = tf.tidy(() => {
            const x = tf.tensor2d([SOURCES[r]!], [1, 6], 'int32');
            const y = tf.tensor2d([[BOS, ...h.tokens.slice(0, -1)]], [1, h.tokens.length], 'int32');
            const logp = tf.logSoftmax(tf.squeeze(m.forward(x, y), [0]));
            return tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d(h.tokens, 'int32'), VOCAB)));
          });
          expect(h.logProb).toBeCloseTo((await lp.data())[0]!, 4);
          lp.dispose();
        }
      }
    });
    src.dispose();
    m.dispose();
  });
});
