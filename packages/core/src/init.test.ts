import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { calculateGain, fans, kaimingUniform, normal, orthogonal, xavierNormal, xavierUniform } from './init.js';
import { Linear } from './layers/linear.js';
import { Generator, manualSeed } from './rng.js';

const stats = (t: tf.Tensor) => {
  const d = Array.from(t.dataSync());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length;
  return { mean, std: Math.sqrt(variance), min: d.reduce((a, b) => Math.min(a, b)), max: d.reduce((a, b) => Math.max(a, b)) };
};

describe('initialisers (torch.nn.init definitions)', () => {
  it('calculateGain matches torch', () => {
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(calculateGain('selu')).toBe(0.75);
  });
  it('fans use the receptive field like torch', () => {
    expect(fans([8, 4])).toEqual([4, 8]);
    expect(fans([8, 4, 3, 3])).toEqual([36, 72]);
    expect(() => fans([5])).toThrow(/rank >= 2/);
  });
  it('Linear defaults to U(-1/sqrt(in), 1/sqrt(in)) for weight and bias', () => {
    const l = new Linear(400, 300);
    const w = stats(l.weight);
    const bound = 1 / 20;
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.std).toBeCloseTo(bound / Math.sqrt(3), 3); // std of U(-b, b) = b / sqrt(3)
    expect(stats(l.bias!).max).toBeLessThanOrEqual(bound);
    l.dispose();
  });
  it('xavier and kaiming have the documented spread', () => {
    const xu = xavierUniform([300, 500], 2);
    expect(stats(xu).std).toBeCloseTo((2 * Math.sqrt(6 / 800)) / Math.sqrt(3), 3);
    const xn = xavierNormal([300, 500]);
    expect(stats(xn).std).toBeCloseTo(Math.sqrt(2 / 800), 3);
    const ku = kaimingUniform([300, 500], { nonlinearity: 'relu' });
    expect(stats(ku).std).toBeCloseTo(Math.SQRT2 / Math.sqrt(500), 3);
    tf.dispose([xu, xn, ku]);
  });
  it('normal() has the requested mean and std', () => {
    const t = normal([200000], 2, 3, { rng: new Generator(1) });
    const s = stats(t);
    expect(s.mean).toBeCloseTo(2, 1);
    expect(s.std).toBeCloseTo(3, 1);
    t.dispose();
  });
  for (const shape of [[6, 4], [4, 6], [5, 5], [3, 2, 2]]) {
    it(`orthogonal ${JSON.stringify(shape)} has orthonormal rows or columns`, () => {
      const q = orthogonal(shape, 1, { rng: new Generator(3) });
      const rows = shape[0]!;
      const m = tf.reshape(q, [rows, -1]);
      const cols = m.shape[1]!;
      // Q^T Q = I for tall matrices, Q Q^T = I for wide ones.
      const g = rows >= cols ? tf.matMul(m, m, true, false) : tf.matMul(m, m, false, true);
      const n = Math.min(rows, cols);
      const eye = tf.eye(n);
      const err = tf.max(tf.abs(tf.sub(g, eye))).dataSync()[0]!;
      expect(err).toBeLessThan(1e-5);
      tf.dispose([q, m, g, eye]);
    });
  }
});

describe('seeded RNG', () => {
  it('the same seed gives the same weights; another seed does not', () => {
    manualSeed(42);
    const a = new Linear(3, 2);
    manualSeed(42);
    const b = new Linear(3, 2);
    manualSeed(43);
    const c = new Linear(3, 2);
    expect(Array.from(a.weight.dataSync())).toEqual(Array.from(b.weight.dataSync()));
    expect(Array.from(a.weight.dataSync())).not.toEqual(Array.from(c.weight.dataSync()));
    [a, b, c].forEach((m) => m.dispose());
  });
  it('state() / fromState() continues the identical stream', () => {
    const g = new Generator('resume');
    g.uniform(17);
    const copy = Generator.fromState(g.state());
    expect(Array.from(copy.uniform(50))).toEqual(Array.from(g.uniform(50)));
  });
  it('permutation is a permutation', () => {
    const p = new Generator(5).permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
