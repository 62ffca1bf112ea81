/**
 * Seq2SeqAttention on every backend: cpu and wasm in Node, webgl and webgpu in headless Chromium.
 * Training steps (GRU Bahdanau, 2-layer LSTM Luong general with dropout, Luong dot on the fast
 * decoder sequence; webgpu: the last only) lower the loss and leak nothing; greedy / beam / sampled
 * decoding leaks nothing and gives attention rows that sum to 1 over the real source.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, manualSeed } from '@seqlab/core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { beamSearch } from '../decoding/beam.js';
import { greedyDecode } from '../decoding/greedy.js';
import { sampleDecode } from '../decoding/sampling.js';
import { BOS, EOS, randomDigits, reversalBatch } from './reversal.test-helper.js';
import type { Seq2SeqAttentionConfig } from './seq2seq-attention-config.js';
import { smallSeq2SeqAttention as small } from './seq2seq-attention.test-helper.js';

const configs: Partial<Seq2SeqAttentionConfig>[] = [{}, { cell: 'lstm', attention: 'luong-general', numLayers: 2, dropout: 0.1 }, { attention: 'luong-dot', inputFeeding: false }];

describeBackends('Seq2SeqAttention training and decoding', (backend) => {
  // SwiftShader's WebGPU compiles a shader per new shape (~1 min per step-by-step decoder config
  // here): there, train only the fast-sequence config; the decoding test below still runs the
  // step-by-step path.
  for (const cfg of backend === 'webgpu' ? configs.slice(2) : configs) {
    it(`a train step (${JSON.stringify(cfg)}) lowers the loss and leaks nothing`, async () => {
      manualSeed(0);
      const m = small(cfg);
      const data = new Generator(1);
      const opt = tf.train.adam(3e-2);
      const batch = Array.from({ length: 8 }, () => randomDigits(data));
      // Lengths given: WebGPU cannot read src on the host to find them.
      const srcLengths = batch.map((s) => s.length);
      const { src, tgtIn, tgtOut } = reversalBatch(batch);
      const loss = () => crossEntropy(m.forward(src, tgtIn, { srcLengths }), tgtOut) as tf.Scalar;
      // Judged in eval mode (dropout off): dropout draws differ between backends.
      const evalLoss = async () => {
        m.eval();
        const l = loss();
        const v = (await l.data())[0]!;
        l.dispose();
        m.train();
        return v;
      };
      const step = async () => {
        const cost = opt.minimize(loss, true, m.parameters())!;
        expect(Number.isFinite((await cost.data())[0]!)).toBe(true);
        cost.dispose();
      };
      const first = await evalLoss();
      m.train();
      await step(); // creates Adam's slots: not a leak
      for (let i = 0; i < 6; i++) await expectNoLeaksAsync(step);
      expect(await evalLoss()).toBeLessThan(first * 0.9);
      tf.dispose([src, tgtIn, tgtOut]);
      opt.dispose();
      m.dispose();
    });
  }

  it('greedy equals beam width 1, beams and sampling run leak-free, attention rows sum to 1 over the real source', async () => {
    const m = small({ cell: 'lstm' }).eval();
    const seqs = [[3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 3, 4]];
    const { src, tgtIn, tgtOut } = reversalBatch(seqs);
    const srcLengths = seqs.map((s) => s.length);
    const opts = { bosId: BOS, eosId: EOS, maxLength: 6 };
    await expectNoLeaksAsync(async () => {
      const s1 = m.encode(src, { srcLengths });
      const greedy = await greedyDecode(m, s1, 2, opts);
      m.disposeState(s1);
      const s2 = m.encode(src, { srcLengths });
      const beam1 = await beamSearch(m, s2, 2, { ...opts, beamWidth: 1 });
      m.disposeState(s2);
      expect(beam1.map((b) => b[0]!.tokens)).toEqual(greedy.map((g) => g.tokens));
      const s3 = m.encode(src, { srcLengths });
      const beam4 = await beamSearch(m, s3, 2, { ...opts, beamWidth: 4, nBest: 2 });
      m.disposeState(s3);
      expect(beam4.map((b) => b.length)).toEqual([2, 2]);
      expect(beam4[0]![0]!.score).toBeGreaterThanOrEqual(beam4[0]![1]!.score);
      const s4 = m.encode(src, { srcLengths });
      const sampled = await sampleDecode(m, s4, 2, { ...opts, temperature: 1, rng: new Generator(2) });
      m.disposeState(s4);
      expect(sampled).toHaveLength(2);
      greedy.forEach((h, i) => {
        expect(h.attention!.length).toBe(h.tokens.length);
        for (const row of h.attention!) {
          expect(row.length).toBe(7);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
          expect(row.slice(seqs[i]!.length).every((v) => v === 0)).toBe(true); // padding gets no weight
        }
      });
    });
    tf.dispose([src, tgtIn, tgtOut]);
    m.dispose();
  });
});
