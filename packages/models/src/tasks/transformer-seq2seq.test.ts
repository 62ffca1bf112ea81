import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, manualSeed, ShapeError } from '@seqlab/core';
import { describe, expect, it } from 'vitest';
import { beamSearch } from '../decoding/beam.js';
import { greedyDecode } from '../decoding/greedy.js';
import { BOS, EOS, PAD, randomDigits, reversalBatch, VOCAB } from './reversal.test-helper.js';
import { TransformerSeq2Seq } from './transformer-seq2seq.js';

const small = () => new TransformerSeq2Seq({ srcVocab: VOCAB, tgtVocab: VOCAB, padId: PAD, dModel: 32, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 64, dropout: 0, maxLen: 32, rng: new Generator(0) });

describe('TransformerSeq2Seq', () => {
  it('state dict nests nn.Transformer under "transformer."', () => {
    const m = small();
    const keys = Object.keys(m.stateDict());
    expect(keys[0]).toBe('src_embed.weight');
    expect(keys).toContain('transformer.encoder.layers.0.self_attn.in_proj_weight');
    expect(keys).toContain('transformer.decoder.norm.weight');
    expect(keys.slice(-2)).toEqual(['generator.weight', 'generator.bias']);
    m.dispose();
  });

  it('teacher-forced Adam steps on a reversal batch lower the loss with no leak per step (cpu; learning to 99% is transformer-reversal.test.ts)', async () => {
    manualSeed(0);
    const m = small();
    const data = new Generator(1);
    const opt = tf.train.adam(1e-2, 0.9, 0.98, 1e-9);
    const { src, tgtIn, tgtOut } = reversalBatch(Array.from({ length: 8 }, () => randomDigits(data)));
    const step = async () => {
      const cost = opt.minimize(() => crossEntropy(m.forward(src, tgtIn), tgtOut) as tf.Scalar, true, m.parameters())!;
      const v = (await cost.data())[0]!;
      cost.dispose();
      return v;
    };
    const first = await step();
    let last = first;
    for (let i = 0; i < 8; i++) last = await expectNoLeaksAsync(step);
    expect(last).toBeLessThan(first * 0.7);
    tf.dispose([src, tgtIn, tgtOut]);
    opt.dispose();
    m.dispose();
  });

  it('decodes through the StepModel interface: greedy equals beam width 1, attention per token, no leaks', async () => {
    const m = small().eval();
    const seqs = [randomDigits(new Generator(5)), randomDigits(new Generator(6))];
    const { src, tgtIn, tgtOut } = reversalBatch(seqs);
    await expectNoLeaksAsync(async () => {
      const s1 = m.encode(src);
      const greedy = await greedyDecode(m, s1, 2, { bosId: BOS, eosId: EOS, maxLength: 6 });
      m.disposeState(s1);
      const s2 = m.encode(src);
      const beam = await beamSearch(m, s2, 2, { bosId: BOS, eosId: EOS, maxLength: 6, beamWidth: 1 });
      m.disposeState(s2);
      expect(beam.map((b) => b[0]!.tokens)).toEqual(greedy.map((g) => g.tokens));
      const S = src.shape[1]!;
      for (const h of greedy) {
        expect(h.attention!.length).toBe(h.tokens.length);
        for (const row of h.attention!) {
          expect(row.length).toBe(S);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        }
      }
    });
    tf.dispose([src, tgtIn, tgtOut]);
    m.dispose();
  });

  it('names bad input', () => {
    const m = small();
    expect(() => m.forward(tf.zeros([3], 'int32'), tf.zeros([1, 2], 'int32'))).toThrow(ShapeError);
    expect(() => m.encode(tf.zeros([1, 40], 'int32'))).toThrow(/<= 32/);
    m.dispose();
  });
});
