import { describeBackends } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { gelu } from './gelu.js';

/** erf by Abramowitz & Stegun 7.1.26 in float64: the approximation tfjs's Erf kernels use. */
function erfAS(z: number): number {
  const a = Math.abs(z);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return z < 0 ? -y : y;
}
const cdf = (x: number): number => 0.5 * (1 + erfAS(x * Math.SQRT1_2));

describeBackends('gelu', (backend) => {
  const xs = Float32Array.from({ length: 4096 }, (_, i) => (i < 16 ? [0, -0, 1e-6, -1e-6, 0.5, -0.5, 3, -3, 6, -6, 10, -10, 40, -40, 1e-30, -2][i]! : Math.sin(i * 1.7) * 8));

  it('forward and gradient equal x·Φ(x) and Φ(x) + x·φ(x) (float64 with tfjs erf) within 3e-7·max(1, |x|)', () => {
    const x = tf.tensor(xs);
    const dy = tf.tensor(xs.map((_, i) => ((i % 7) - 3) * 0.5));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.valueAndGrads((t: tf.Tensor) => tf.sum(tf.mul(gelu(t), dy)))([x]);
    const y = tf.tidy(() => gelu(x));
    const got = y.dataSync();
    const g = grads[0]!.dataSync();
    const d = dy.dataSync();
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i]!;
      const tol = 3e-7 * Math.max(1, Math.abs(v));
      expect(Math.abs(got[i]! - v * cdf(v)), `gelu(${v})`).toBeLessThanOrEqual(tol);
      const ref = d[i]! * (cdf(v) + (v * Math.exp(-v * v * 0.5)) / Math.sqrt(2 * Math.PI));
      expect(Math.abs(g[i]! - ref), `gelu'(${v})`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(d[i]!)));
    }
    tf.dispose([value, ...grads, y]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });

  it(`runs ${backend === 'wasm' ? 'one fused kernel forward and one backward' : 'tfjs ops'} on ${backend}; odd sizes too`, async () => {
    const x = tf.tensor(xs);
    const p = await tf.profile(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x)));
    if (backend === 'wasm') expect(p.kernelNames.filter((k) => k.startsWith('SeqlabGelu'))).toEqual(['SeqlabGelu', 'SeqlabGeluGrad']);
    else expect(p.kernelNames).toContain('Erf');
    const odd = tf.tensor([-1, 0.25, 2]);
    const y = gelu(odd).dataSync();
    [-1, 0.25, 2].forEach((v, i) => expect(Math.abs(y[i]! - v * cdf(v))).toBeLessThan(3e-7));
    tf.dispose([x, odd]);
  });
});
