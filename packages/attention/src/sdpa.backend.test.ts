import { expectNoLeaksAsync } from '@seqlab/core';
import { describeBackends, expectClose } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import fixtures from '../fixtures/sdpa.json' with { type: 'json' };
import { scaledDotProductAttention } from './sdpa.js';
import { num, t, tb, type Arr } from './test-helpers/fixtures.js';

interface SdpaCase {
  q: Arr; k: Arr; v: Arr; mask?: Arr; causal: boolean; scale?: number;
  output: Arr; weights: Arr; outGrad: Arr; weightsGrad: Arr; qGrad: Arr; kGrad: Arr; vGrad: Arr;
}
const cases = fixtures.cases as unknown as Record<string, SdpaCase>;

// Browser (SwiftShader shader compiles are slow): the two cases covering both mask kinds + causal.
const BROWSER_CASES = new Set(['float_mask', 'causal_and_bool']);

describeBackends('scaledDotProductAttention matches the PyTorch formula', (backend) => {
  const browser = backend === 'webgl' || backend === 'webgpu';
  for (const [name, c] of Object.entries(cases).filter(([n]) => !browser || BROWSER_CASES.has(n))) {
    it(`${name}: output, weights and gradients of q, k, v within 1e-5`, async () => {
      await expectNoLeaksAsync(async () => {
        const [q, k, v, wo, ww] = [t(c.q), t(c.k), t(c.v), t(c.outGrad), t(c.weightsGrad)];
        const mask = c.mask ? (name.includes('float') ? t(c.mask) : tb(c.mask)) : undefined;
        const opts = { ...(mask ? { mask } : {}), causal: c.causal, ...(c.scale !== undefined ? { scale: c.scale } : {}) };
        const r = scaledDotProductAttention(q, k, v, opts);
        await expectClose(r.output, num(c.output), 1e-5);
        await expectClose(r.weights, num(c.weights), 1e-5);
        const [gq, gk, gv] = tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
          const o = scaledDotProductAttention(a, b, d, opts);
          return tf.add(tf.sum(tf.mul(o.output, wo)), tf.sum(tf.mul(o.weights, ww)));
        })([q, k, v]);
        await expectClose(gq!, num(c.qGrad), 1e-5);
        await expectClose(gk!, num(c.kGrad), 1e-5);
        await expectClose(gv!, num(c.vGrad), 1e-5);
        tf.dispose([q, k, v, wo, ww, r.output, r.weights, gq!, gk!, gv!, ...(mask ? [mask] : [])]);
      });
    });
  }

  it('a fully masked query row gives zero weights, zero output and finite gradients (PyTorch: NaN)', async () => {
    await expectNoLeaksAsync(async () => {
      const q = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
      const k = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 2);
      const v = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 3);
      // Row 1 of batch 0 masks everything; so does an additive -inf row.
      const keep = tf.tidy(() => tf.cast(tf.tensor3d([[[1, 1, 0, 1, 1], [0, 0, 0, 0, 0], [1, 0, 0, 0, 0]], [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]]), 'bool'));
      const additive = tf.tensor2d([[0, 0, 0, 0, 0], [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity], [0, -1, 2, 0, 0]]);
      for (const mask of [keep, additive]) {
        const r = scaledDotProductAttention(q, k, v, { mask });
        const w = Array.from(await r.weights.data());
        const o = Array.from(await r.output.data());
        expect(w.every(Number.isFinite) && o.every(Number.isFinite)).toBe(true);
        expect(w.slice(5, 10)).toEqual([0, 0, 0, 0, 0]);
        expect(o.slice(3, 6)).toEqual([0, 0, 0]);
        const g = tf.grad((qq: tf.Tensor) => tf.sum(scaledDotProductAttention(qq, k, v, { mask }).output))(q);
        const gd = Array.from(await g.data());
        expect(gd.every(Number.isFinite)).toBe(true);
        expect(gd.slice(4, 8)).toEqual([0, 0, 0, 0]);
        tf.dispose([r.output, r.weights, g]);
      }
      tf.dispose([q, k, v, keep, additive]);
    });
  });

  it('dropout zeroes weights and rescales the rest by 1/(1-p)', async () => {
    const q = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 1);
    const k = tf.randomNormal([1, 8, 4], 0, 1, 'float32', 2);
    const full = scaledDotProductAttention(q, k, k);
    const dropped = scaledDotProductAttention(q, k, k, { dropout: 0.5 });
    const a = await full.weights.data();
    const b = await dropped.weights.data();
    let zeros = 0;
    for (let i = 0; i < a.length; i++) {
      if (b[i] === 0) zeros++;
      else expect(b[i]).toBeCloseTo(a[i]! * 2, 5);
    }
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(a.length);
    tf.dispose([q, k, full.output, full.weights, dropped.output, dropped.weights]);
  });
});
