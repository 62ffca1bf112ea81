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

describe('crossEntropy numerics (hand-written softmax gradient)', () => {
  it('stays finite and exact for logits of ±1e4 (the max is subtracted before exp)', async () => {
    const x = tf.tensor2d([[1e4, 0, -1e4], [1e4, 0, -1e4]]);
    const t = tf.tensor1d([0, 2], 'int32');
    const loss = crossEntropy(x, t, { reduction: 'none' });
    expect(Array.from(await loss.data())).toEqual([0, 2e4]);
    const g = tf.grad((z: tf.Tensor) => crossEntropy(z, t, { reduction: 'sum' }))(x);
    // softmax is [1, 0, 0] in both rows; minus the one-hot target.
    expect(Array.from(await g.data())).toEqual([0, 0, 0, 1, 0, -1]);
    tf.dispose([x, t, loss, g]);
  });
  it('the gradient of a label-smoothed mean equals (softmax - smoothed target) / count, ignored rows 0', async () => {
    const x = tf.tensor2d([[0.5, -1, 2, 0], [1, 1, 1, 1], [3, 0, 0, 0]]);
    const t = tf.tensor1d([2, -100, 0], 'int32');
    const eps = 0.2;
    const g = tf.grad((z: tf.Tensor) => crossEntropy(z, t, { labelSmoothing: eps }))(x);
    const p = await tf.softmax(x).array();
    const expected = p.flatMap((row, r) => (r === 1 ? [0, 0, 0, 0] : row.map((v, c) => (v - (c === [2, -1, 0][r] ? 1 - eps : 0) - eps / 4) / 2)));
    const got = Array.from(await g.data());
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    tf.dispose([x, t, g]);
  });
});
