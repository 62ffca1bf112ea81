import * as tf from '@tensorflow/tfjs-core';
import { Generator, ValueError } from '@seqlab/core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';

const SHAPES = [[3, 5], [7], [1]];
const STEPS = 4;
const opts = { lr: 3e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6 };

/** Parameters after each of `STEPS` steps of `opt` from a seeded start (gradients seeded too). */
async function run(opt: AdamW): Promise<Float32Array[][]> {
  const rng = new Generator(5);
  const vars = SHAPES.map((s) => tf.variable(tf.tensor(rng.normal(s.reduce((a, b) => a * b, 1)), s)));
  const out: Float32Array[][] = [];
  for (let s = 0; s < STEPS; s++) {
    const grads = Object.fromEntries(vars.map((v) => [v.name, tf.tensor(rng.normal(v.size), v.shape)]));
    opt.applyGradients(grads);
    tf.dispose(Object.values(grads));
    out.push(await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array)));
  }
  opt.dispose();
  tf.dispose(vars);
  return out;
}

/** torch.optim.Adam (weight_decay=0) in float64 on the same data. */
function reference(): Float64Array[][] {
  const rng = new Generator(5);
  const p = SHAPES.map((s) => Float64Array.from(rng.normal(s.reduce((a, b) => a * b, 1))));
  const m = p.map((x) => new Float64Array(x.length));
  const v = p.map((x) => new Float64Array(x.length));
  const out: Float64Array[][] = [];
  for (let s = 1; s <= STEPS; s++) {
    const grads = p.map((x) => rng.normal(x.length));
    const bc1 = 1 - opts.beta1 ** s;
    const bc2 = 1 - opts.beta2 ** s;
    for (const [k, x] of p.entries()) {
      for (let i = 0; i < x.length; i++) {
        const g = grads[k]![i]!;
        m[k]![i] = opts.beta1 * m[k]![i]! + (1 - opts.beta1) * g;
        v[k]![i] = opts.beta2 * v[k]![i]! + (1 - opts.beta2) * g * g;
        x[i] = x[i]! - ((opts.lr / bc1) * m[k]![i]!) / (Math.sqrt(v[k]![i]!) / Math.sqrt(bc2) + opts.eps);
      }
    }
    out.push(p.map((x) => x.slice()));
  }
  return out;
}

describeBackends('Adam = torch.optim.Adam = AdamW without weight decay', () => {
  it('equals AdamW({ weightDecay: 0 }) to the bit, and float64 Adam within 1e-6', async () => {
    const adam = await run(new Adam(opts));
    const adamw = await run(new AdamW({ ...opts, weightDecay: 0 }));
    const decayed = await run(new AdamW({ ...opts, weightDecay: 0.1 }));
    const ref = reference();
    for (let s = 0; s < STEPS; s++) {
      for (const [k, a] of adam[s]!.entries()) {
        expect(Array.from(a)).toEqual(Array.from(adamw[s]![k]!));
        const r = ref[s]![k]!;
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - r[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(r[i]!)));
      }
    }
    // Weight decay does change AdamW, so the comparison above can tell the two apart.
    expect(Array.from(decayed[STEPS - 1]![0]!)).not.toEqual(Array.from(adam[STEPS - 1]![0]!));
  });

  it("has no weight decay, torch's defaults, its own class name and error messages", () => {
    const adam = new Adam({ weightDecay: 0.5 } as never);
    expect(adam.weightDecay).toBe(0);
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.eps]).toEqual([1e-3, 0.9, 0.999, 1e-8]);
    expect(adam).toBeInstanceOf(tf.Optimizer);
    // Not tfjs's 'Adam' nor 'AdamW': a checkpoint of either must not restore into this one.
    expect(adam.getClassName()).toBe('SeqlabAdam');
    expect(new AdamW().getClassName()).toBe('AdamW');
    expect(() => new Adam({ beta1: 1 })).toThrow(ValueError);
    expect(() => new Adam({ lr: -1 })).toThrow(/^Adam: lr must be non-negative/);
    expect(() => new AdamW({ lr: -1 })).toThrow(/^AdamW: lr must be non-negative/);
  });
});
