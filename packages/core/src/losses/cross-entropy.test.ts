import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { crossEntropy } from './cross-entropy.js';

describe('crossEntropy input checks', () => {
  const logits = tf.zeros([2, 3, 5]);
  it('names a target outside [0, C) and its position', () => {
    const t = tf.tensor2d([[0, 1, 2], [3, 5, 4]], [2, 3], 'int32');
    expect(() => crossEntropy(logits, t)).toThrow(ValueError);
    expect(() => crossEntropy(logits, t)).toThrow(/target 5 at flat position 4 is out of range \[0, 5\)/);
  });
  it('rejects targets whose shape is not logits.shape[:-1]', () => {
    const t = tf.zeros([2, 4], 'int32');
    expect(() => crossEntropy(logits, t)).toThrow(ShapeError);
    expect(() => crossEntropy(logits, t)).toThrow(/targets must have shape \[2, 3\], got \[2, 4\]/);
  });
  it('rejects float targets', () => {
    expect(() => crossEntropy(logits, tf.zeros([2, 3]))).toThrow(/dtype int32/);
  });
  it('rejects label smoothing outside [0, 1]', () => {
    expect(() => crossEntropy(logits, tf.zeros([2, 3], 'int32'), { labelSmoothing: 1.5 })).toThrow(/labelSmoothing/);
  });
});
