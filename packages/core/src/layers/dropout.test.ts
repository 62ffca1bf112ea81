import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Generator } from '../rng.js';
import { Dropout } from './dropout.js';

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1/(1-p) in train mode', () => {
    const d = new Dropout(0.25, { rng: new Generator(1) });
    const x = tf.ones([20000]);
    const y = Array.from(d.forward(x).dataSync());
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.23);
    expect(zeros).toBeLessThan(0.27);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
  });
  it('is the identity in eval mode', () => {
    const d = new Dropout(0.5).eval();
    const x = tf.ones([10]);
    expect(d.forward(x)).toBe(x);
  });
  it('is reproducible from a seed', () => {
    const x = tf.ones([100]);
    const a = new Dropout(0.5, { rng: new Generator(9) }).forward(x).dataSync();
    const b = new Dropout(0.5, { rng: new Generator(9) }).forward(x).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
  });
  it('rejects p outside [0, 1]', () => {
    expect(() => new Dropout(1.2)).toThrow(/p must be in \[0, 1\]/);
  });
});
