import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync } from '@seqlab/core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import bahdanau from '../../fixtures/seq2seq-attention-bahdanau.json' with { type: 'json' };
import luong from '../../fixtures/seq2seq-attention-luong.json' with { type: 'json' };
import { Seq2SeqAttention } from './seq2seq-attention.js';
import type { Seq2SeqAttentionConfig } from './seq2seq-attention-config.js';

interface Case {
  config: Seq2SeqAttentionConfig;
  forced: boolean;
  state: Record<string, FixtureArray>;
  src: FixtureArray;
  tgtIn: FixtureArray;
  logits: FixtureArray;
  attention: FixtureArray;
  logitsGrad: FixtureArray;
  grads: Record<string, FixtureArray>;
}

const cases = { ...bahdanau.cases, ...luong.cases } as unknown as Record<string, Case>;

function load(c: Case): Seq2SeqAttention {
  const model = new Seq2SeqAttention(c.config).eval();
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  model.loadStateDict(sd); // strict: the names and shapes are PyTorch's
  tf.dispose(Object.values(sd));
  return model;
}

describe('Seq2SeqAttention fixtures', () => {
  it('cover bahdanau and luong (dot, general, concat), gru and lstm, 1 and 2 layers, both teacher forcing modes', () => {
    const cfgs = Object.values(cases).map((c) => c.config);
    for (const a of ['bahdanau', 'luong-dot', 'luong-general', 'luong-concat']) expect(cfgs.some((c) => c.attention === a)).toBe(true);
    for (const cell of ['gru', 'lstm']) expect(cfgs.some((c) => c.cell === cell)).toBe(true);
    expect(Object.values(cases).some((c) => !c.forced)).toBe(true);
  });
});

describeBackends('Seq2SeqAttention vs PyTorch', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: logits and every parameter gradient within 1e-5`, async () => {
      const model = load(c);
      const src = fromFixture(c.src, 'int32');
      const tgtIn = fromFixture(c.tgtIn, 'int32');
      const w = fromFixture(c.logitsGrad);
      const params = model.namedParameters();
      await expectNoLeaksAsync(async () => {
        const { value, grads } = tf.variableGrads(() => {
          const logits = model.forward(src, tgtIn, { teacherForcingRatio: c.forced ? 1 : 0 });
          return tf.sum(tf.mul(logits, w)) as tf.Scalar;
        }, params.map(([, p]) => p));
        const logits = model.forward(src, tgtIn, { teacherForcingRatio: c.forced ? 1 : 0 });
        await expectClose(logits, c.logits, 1e-5);
        for (const [key, p] of params) {
          const expected = c.grads[key];
          expect(expected, `PyTorch gradient of ${key}`).toBeDefined();
          await expectClose(grads[p.name]!, expected!, 1e-5).catch((e: Error) => {
            throw new Error(`${key}: ${e.message}`);
          });
        }
        tf.dispose([value, logits, ...Object.values(grads)]);
      });
      tf.dispose([src, tgtIn, w]);
      model.dispose();
    });

    if (!c.forced) continue;
    it(`${name}: encode + step reproduce the logits and attention weights step by step`, async () => {
      const model = load(c);
      const src = fromFixture(c.src, 'int32');
      const tgt = c.tgtIn.data;
      const [N, T] = c.tgtIn.shape as [number, number];
      const S = c.src.shape[1]!;
      const V = c.logits.shape[2]!;
      await expectNoLeaksAsync(async () => {
        let state = model.encode(src);
        for (let t = 0; t < T; t++) {
          const out = model.step(Int32Array.from({ length: N }, (_, i) => tgt[i * T + t]!), state);
          model.disposeState(state);
          state = out.state;
          const pick = (f: FixtureArray, K: number) => Array.from({ length: N * K }, (_, j) => f.data[(Math.floor(j / K) * T + t) * K + (j % K)]!);
          await expectClose(out.logits, pick(c.logits, V), 1e-5);
          await expectClose(out.attention!, pick(c.attention, S), 1e-5);
          tf.dispose([out.logits, out.attention!]);
        }
        model.disposeState(state);
      });
      src.dispose();
      model.dispose();
    });
  }
});
