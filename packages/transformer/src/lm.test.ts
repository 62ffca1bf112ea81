import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, Generator, ShapeError, ValueError } from '@seqlab/core';
import { describe, expect, it } from 'vitest';
import { TransformerLM } from './lm.js';
import { Transformer } from './transformer.js';

describe('TransformerLM structure and input checks', () => {
  it('tied weights: no separate head; untied: head.weight [vocab, d]', () => {
    const tied = new TransformerLM({ vocabSize: 7, dModel: 8, nhead: 2, numLayers: 1 });
    expect(Object.keys(tied.stateDict())).not.toContain('head.weight');
    expect(Object.keys(tied.stateDict())).toContain('layers.0.self_attn.in_proj_weight');
    const untied = new TransformerLM({ vocabSize: 7, dModel: 8, nhead: 2, numLayers: 1, tieWeights: false });
    expect(untied.stateDict()['head.weight']!.shape).toEqual([7, 8]);
    tied.dispose();
    untied.dispose();
  });
  it('starts near the uniform loss ln(vocab) with tied weights (GPT-2 init N(0, 0.02²), not N(0, 1))', async () => {
    for (const positional of ['learned', 'sinusoidal'] as const) {
      const lm = new TransformerLM({ vocabSize: 60, dModel: 128, nhead: 4, numLayers: 2, positional, rng: new Generator(3) });
      lm.eval();
      const g = new Generator(4);
      const ids = tf.tensor2d(Int32Array.from({ length: 4 * 32 }, () => g.int(60)), [4, 32], 'int32');
      const next = tf.tensor2d(Int32Array.from({ length: 4 * 32 }, () => g.int(60)), [4, 32], 'int32');
      const loss = tf.tidy(() => crossEntropy(lm.forward(ids), next));
      const value = (await loss.data())[0]!;
      // N(0, 1) embeddings gave ~85 here, N(0, 1/d) ~9; uniform guessing is ln 60 = 4.09.
      expect(Math.abs(value - Math.log(60))).toBeLessThan(0.5);
      tf.dispose([ids, next, loss]);
      lm.dispose();
    }
  });
  it('names bad ids: wrong rank, out-of-vocabulary id, sequence past maxLen', () => {
    const lm = new TransformerLM({ vocabSize: 5, dModel: 8, nhead: 2, numLayers: 1, maxLen: 4 });
    expect(() => lm.forward(tf.tensor1d([1, 2], 'int32'))).toThrow(ShapeError);
    expect(() => lm.forward(tf.tensor2d([[1, 7]], [1, 2], 'int32'))).toThrow(/id 7 .* out of range \[0, 5\)/);
    expect(() => lm.forward(tf.zeros([1, 5], 'int32'))).toThrow(ValueError);
    const cache = lm.createCache();
    lm.forwardIncremental(tf.zeros([1, 3], 'int32'), cache).dispose();
    expect(() => lm.forwardIncremental(tf.zeros([1, 2], 'int32'), cache)).toThrow(/positions up to 5 exceed maxLen 4/);
    cache.dispose();
    lm.dispose();
  });
});

describe('Transformer.generateSquareSubsequentMask', () => {
  it('is 0 on and below the diagonal and -Infinity above, as PyTorch', async () => {
    const m = Transformer.generateSquareSubsequentMask(3);
    expect(await m.array()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    m.dispose();
  });
  it('nn.Transformer state dict keys follow PyTorch', () => {
    const t = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });
    const keys = Object.keys(t.stateDict());
    expect(keys.slice(0, 4)).toEqual([
      'encoder.layers.0.self_attn.in_proj_weight',
      'encoder.layers.0.self_attn.in_proj_bias',
      'encoder.layers.0.self_attn.out_proj.weight',
      'encoder.layers.0.self_attn.out_proj.bias',
    ]);
    expect(keys).toContain('decoder.layers.0.multihead_attn.in_proj_weight');
    expect(keys.slice(-2)).toEqual(['decoder.norm.weight', 'decoder.norm.bias']);
    t.dispose();
  });
});
