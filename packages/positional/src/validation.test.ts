import { ShapeError, ValueError } from '@seqlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LearnedPositionalEmbedding } from './learned.js';
import { RotaryEmbedding } from './rotary.js';
import { SinusoidalPositionalEncoding } from './sinusoidal.js';

describe('bad input', () => {
  it('names the argument and both shapes, or the offending offset', () => {
    const sin = new SinusoidalPositionalEncoding(8, { maxLen: 10 });
    const lrn = new LearnedPositionalEmbedding(10, 8);
    const rope = new RotaryEmbedding(8);
    const x = tf.zeros([2, 4, 6]);
    for (const m of [sin, lrn]) {
      expect(() => m.forward(x)).toThrow(ShapeError);
      expect(() => m.forward(x)).toThrow('x must have shape [..., T, 8] (rank >= 2), got [2, 4, 6]');
      const ok = tf.zeros([2, 4, 8]);
      expect(() => m.forward(ok, { offset: 7 })).toThrow(ValueError);
      expect(() => m.forward(ok, { offset: 7 })).toThrow('positions 7..10 exceed maxLen 10');
      expect(() => m.forward(ok, { offset: -1 })).toThrow('offset must be a non-negative integer, got -1');
      ok.dispose();
    }
    expect(() => rope.apply(x)).toThrow('x must have shape [..., T, D] with rank >= 2 and D >= 8, got [2, 4, 6]');
    expect(() => new RotaryEmbedding(5)).toThrow('dim must be even, got 5');
    x.dispose();
    sin.dispose();
    lrn.dispose();
    rope.dispose();
  });
});
