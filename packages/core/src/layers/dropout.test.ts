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

describe('dropoutMask', () => {
  it('keeps 1 - p of the elements at 1/(1-p), independently of position, and depends on the seed', async () => {
    const { dropoutMask } = await import('../ops/dropout-mask.js');
    for (const p of [0.1, 0.5, 0.9]) {
      const m = dropoutMask(200000, p, 12345);
      const kept = m.filter((v) => v !== 0);
      expect(kept.every((v) => v === Math.fround(1 / (1 - p)))).toBe(true);
      // Binomial(200000, 1-p): 5 standard deviations.
      const sd = Math.sqrt(200000 * p * (1 - p));
      expect(Math.abs(kept.length - 200000 * (1 - p))).toBeLessThan(5 * sd);
      // No position bias: the first and second halves keep about as many.
      const firstHalf = m.subarray(0, 100000).filter((v) => v !== 0).length;
      expect(Math.abs(2 * firstHalf - kept.length)).toBeLessThan(5 * Math.sqrt(100000 * p * (1 - p)) * 2);
    }
    // Neighbouring draws are not correlated (lag-1 keep/keep frequency is (1-p)^2).
    const m = dropoutMask(200000, 0.5, 7);
    let both = 0;
    for (let i = 1; i < m.length; i++) if (m[i] !== 0 && m[i - 1] !== 0) both++;
    expect(Math.abs(both / (m.length - 1) - 0.25)).toBeLessThan(0.01);
    expect(Array.from(dropoutMask(64, 0.5, 1))).not.toEqual(Array.from(dropoutMask(64, 0.5, 2)));
    expect(Array.from(dropoutMask(64, 0.5, 3))).toEqual(Array.from(dropoutMask(64, 0.5, 3)));
  });
});
