/**
 * The Bahdanau decoder's whole-sequence custom gradient (seq2seq-bahdanau-sequence.ts) against the
 * per-step module code it replaces (the reference: `useFusedKernels(false)` turns the sequence
 * path off), for GRU and LSTM cells, on cpu and wasm, with sizes that take wasm's SIMD kernels
 * (H, A multiples of 4) and padded source rows: the logits and the gradient of every parameter agree.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { useFusedKernels } from '@seqlab/recurrent';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { Seq2SeqAttention } from './seq2seq-attention.js';
import type { Seq2SeqAttentionConfig } from './seq2seq-attention-config.js';

const V = 11;

function batch(N: number, S: number, T: number, rng: Generator) {
  // Real lengths S, S-2, 1, ...: padding (id 0) after them.
  const src = Array.from({ length: N }, (_, n) => {
    const len = [S, S - 2, 1][n % 3]!;
    return Array.from({ length: S }, (_, s) => (s < len ? 1 + rng.int(V - 1) : 0));
  });
  const tgt = Array.from({ length: N * T }, () => 1 + rng.int(V - 1));
  return { src: tf.tensor2d(src.flat(), [N, S], 'int32'), tgtIn: tf.tensor2d(tgt, [N, T], 'int32') };
}

/** Logits and parameter gradients of `Σ logits ⊙ w`, with the sequence path on or off. */
async function run(model: Seq2SeqAttention, src: tf.Tensor, tgtIn: tf.Tensor, w: tf.Tensor, fused: boolean) {
  useFusedKernels(fused);
  try {
    const params = model.namedParameters();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.forward(src, tgtIn), w)) as tf.Scalar, params.map(([, p]) => p));
    const out = {
      loss: (await value.data())[0]!,
      grads: Object.fromEntries(await Promise.all(params.map(async ([k, p]) => [k, await grads[p.name]!.data()] as const))),
    };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  } finally {
    useFusedKernels(true);
  }
}

describeBackends('Seq2SeqAttention: the Bahdanau decoder sequence equals its steps', (backend) => {
  const cases: [string, Partial<Seq2SeqAttentionConfig>, number][] = [
    ['GRU, bidirectional encoder, T 5', { bidirectional: true }, 5],
    ['GRU, unidirectional encoder, T 1', { bidirectional: false }, 1],
    ['LSTM, bidirectional encoder, T 5', { cell: 'lstm', bidirectional: true }, 5],
    ['LSTM, unidirectional encoder, T 1', { cell: 'lstm', bidirectional: false }, 1],
  ];
  for (const [name, cfg, T] of cases) {
    it(`${name}: loss and every parameter gradient within 1e-5`, async () => {
      const model = new Seq2SeqAttention({ srcVocab: V, tgtVocab: V, padId: 0, embeddingDim: 8, hiddenSize: 8, dropout: 0, maxLen: 16, cell: 'gru', attention: 'bahdanau', rng: new Generator(3), ...cfg }).train();
      const { src, tgtIn } = batch(4, 6, T, new Generator(5));
      const w = tf.tidy(() => tf.reshape(tf.sin(tf.mul(tf.range(0, 4 * T * V), 0.37)), [4, T, V]));
      const slow = await run(model, src, tgtIn, w, false);
      const fast = await expectNoLeaksAsync(() => run(model, src, tgtIn, w, true));
      expect(Math.abs(fast.loss - slow.loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(slow.loss)));
      for (const [k, g] of Object.entries(slow.grads)) {
        const f = fast.grads[k]!;
        let worst = 0;
        for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(f[i]! - g[i]!) / Math.max(1, Math.abs(g[i]!)));
        expect(worst, `gradient of ${k}`).toBeLessThan(1e-5);
      }
      // The sequence path ran: the fused GRU backward, and far fewer kernels than the steps.
      const kernels = async (fused: boolean) => {
        useFusedKernels(fused);
        try {
          const p = await tf.profile(() => tf.dispose(tf.variableGrads(() => tf.sum(model.forward(src, tgtIn)) as tf.Scalar)));
          return p.kernels.map((k) => k.name);
        } finally {
          useFusedKernels(true);
        }
      };
      const [on, off] = [await kernels(true), await kernels(false)];
      const cellGrad = cfg.cell === 'lstm' ? 'SeqlabLstmGrad' : 'SeqlabGruGrad';
      expect(on).toContain(cellGrad);
      expect(off).not.toContain(cellGrad);
      if (T > 1) expect(on.length).toBeLessThan(off.length / 2);
      expect(on.includes('SeqlabAdditiveScoreGrad')).toBe(backend === 'wasm');
      tf.dispose([src, tgtIn, w]);
      model.dispose();
    });
  }
});
