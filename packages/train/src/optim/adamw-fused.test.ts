import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describeOnBackend } from '@seqlab/testing';
import { afterEach, expect, it } from 'vitest';
import { fusedAdamAvailable, useFusedAdamKernel } from './adamw-kernel.js';
import { AdamW, type AdamWOptions } from './adamw.js';

/** p, m and v after each step, as read back from the optimizer. */
interface Trace {
  p: Float32Array[];
  m: Float32Array[];
  v: Float32Array[];
  kernels: string[][];
}

/** Runs `grads.length` steps of one variable starting at `init`, with the fused kernel on or off. */
async function trace(fused: boolean, opts: AdamWOptions, init: Float32Array, grads: Float32Array[]): Promise<Trace> {
  useFusedAdamKernel(fused);
  const p = tf.variable(tf.tensor1d(init));
  const opt = new AdamW(opts);
  const out: Trace = { p: [], m: [], v: [], kernels: [] };
  for (const [s, g] of grads.entries()) {
    const grad = tf.tensor1d(g);
    const step = async () => {
      const prof = await tf.profile(() => opt.applyGradients({ [p.name]: grad }));
      out.kernels.push(prof.kernels.map((k) => k.name));
    };
    // The first step creates the moment slots; every later one must leave no tensor behind.
    if (s === 0) await step();
    else await expectNoLeaksAsync(step, `step ${s}`);
    grad.dispose();
    const w = await opt.getWeights();
    out.p.push((await p.data()) as Float32Array);
    out.m.push((await w[1]!.tensor.data()) as Float32Array);
    out.v.push((await w[2]!.tensor.data()) as Float32Array);
    w[0]!.tensor.dispose(); // the `iter` scalar is new; the moments are the optimizer's
  }
  opt.dispose();
  p.dispose();
  return out;
}

/** p, m, v after each step in float64, and for p and m the sums of their terms' magnitudes. */
interface Reference {
  p: Float64Array[];
  m: Float64Array[];
  v: Float64Array[];
  pScale: Float64Array[];
  mScale: Float64Array[];
}

/** The same steps in float64 (torch.optim.AdamW's formula), the reference both paths approximate. */
function reference(opts: Required<AdamWOptions>, init: Float32Array, grads: Float32Array[]): Reference {
  const p = Float64Array.from(init);
  const m = new Float64Array(init.length);
  const v = new Float64Array(init.length);
  // Errors of a float32 sum scale with its terms, not with the (possibly cancelled) result.
  const pScale = new Float64Array(init.length);
  const mScale = new Float64Array(init.length);
  const out: Reference = { p: [], m: [], v: [], pScale: [], mScale: [] };
  for (const [s, g] of grads.entries()) {
    const t = s + 1;
    const stepSize = opts.lr / (1 - opts.beta1 ** t);
    const bc2Sqrt = Math.sqrt(1 - opts.beta2 ** t);
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! * (1 - opts.lr * opts.weightDecay);
      mScale[i] = opts.beta1 * mScale[i]! + (1 - opts.beta1) * Math.abs(g[i]!);
      m[i] = opts.beta1 * m[i]! + (1 - opts.beta1) * g[i]!;
      v[i] = opts.beta2 * v[i]! + (1 - opts.beta2) * g[i]! * g[i]!;
      const update = (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + opts.eps);
      pScale[i] = Math.abs(p[i]!) + Math.abs(update);
      p[i] = p[i]! - update;
    }
    for (const [key, a] of [['p', p], ['m', m], ['v', v], ['pScale', pScale], ['mScale', mScale]] as const) out[key].push(a.slice());
  }
  return out;
}

/** Elements of `a` and `b` further apart than `tol(b[i], i)`, NaN equal to NaN (at most 5 reported). */
function mismatches(a: ArrayLike<number>, b: ArrayLike<number>, tol: (ref: number, i: number) => number): string[] {
  const bad: string[] = [];
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length && bad.length < 5; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue; // equal infinities included
    if (!(Math.abs(x - y) <= tol(y, i))) bad.push(`[${i}] ${x} vs ${y}`);
  }
  return bad;
}

const SIZES = [1, 3, 4, 5, 1027];
const STEPS = 4;
const base = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

function data(size: number, seed: number) {
  const rng = new Generator(seed);
  const init = rng.normal(size);
  // Gradients of mixed scales (down to ~1e-4), so √v and ε both matter somewhere.
  const grads = Array.from({ length: STEPS }, () => rng.normal(size).map((x, i) => x * 10 ** -(i % 5)));
  return { init, grads };
}

describeOnBackend('wasm', () => {
  afterEach(() => useFusedAdamKernel(true));

  it('the fused kernel is available here (wasm with SIMD), and it is one kernel per variable', async () => {
    tf.tidy(() => {
      const a = tf.zeros([8]);
      expect(fusedAdamAvailable(a, a, a, a)).toBe(true);
      useFusedAdamKernel(false);
      expect(fusedAdamAvailable(a, a, a, a)).toBe(false);
      useFusedAdamKernel(true);
      // Other dtypes, shapes and empty tensors take the op path.
      expect(fusedAdamAvailable(a, a, a, tf.zeros([2, 4]))).toBe(false);
      expect(fusedAdamAvailable(a, a, tf.zeros([4]), a)).toBe(false);
      expect(fusedAdamAvailable(tf.zeros([0]), tf.zeros([0]), tf.zeros([0]), tf.zeros([0]))).toBe(false);
      expect(fusedAdamAvailable(a, a, a, tf.zeros([8], 'int32'))).toBe(false);
    });
    const { init, grads } = data(16, 1);
    const fused = await trace(true, base, init, grads);
    const ops = await trace(false, base, init, grads);
    expect(fused.kernels.at(-1)).toEqual(['SeqlabAdamW']);
    expect(ops.kernels.at(-1)).not.toContain('SeqlabAdamW');
    expect(ops.kernels.at(-1)!.length).toBeGreaterThan(8);
  });

  for (const weightDecay of [0, 0.05]) {
    for (const size of SIZES) {
      it(`size ${size}, weightDecay ${weightDecay}: fused = op path (2e-7 relative) and = float64 AdamW (1e-6), ${STEPS} steps`, async () => {
        const { init, grads } = data(size, size * 7 + (weightDecay ? 1 : 0));
        const opts = { ...base, weightDecay };
        const fused = await trace(true, opts, init, grads);
        const ops = await trace(false, opts, init, grads);
        const ref = reference(opts, init, grads);
        expect(fused.kernels.every((k) => k.includes('SeqlabAdamW'))).toBe(true);
        const ulp = (y: number) => 2e-7 * Math.abs(y);
        for (let s = 0; s < STEPS; s++) {
          for (const key of ['p', 'm', 'v'] as const) {
            expect(mismatches(fused[key][s]!, ops[key][s]!, ulp), `${key} step ${s + 1}: fused vs ops`).toEqual([]);
          }
          // float32 against float64: a few float32 roundings per step, relative to the terms' size.
          expect(mismatches(fused.p[s]!, ref.p[s]!, (_, i) => 1e-6 * ref.pScale[s]![i]!), `p step ${s + 1}`).toEqual([]);
          expect(mismatches(fused.m[s]!, ref.m[s]!, (_, i) => 1e-6 * ref.mScale[s]![i]!), `m step ${s + 1}`).toEqual([]);
          expect(mismatches(fused.v[s]!, ref.v[s]!, (y) => 1e-6 * y), `v step ${s + 1}`).toEqual([]);
        }
      });
    }
  }

  it('NaN and ±Inf in a gradient propagate as on the op path', async () => {
    const { init, grads } = data(7, 3);
    grads[1]![0] = Number.NaN;
    grads[1]![1] = Number.POSITIVE_INFINITY;
    grads[2]![2] = Number.NEGATIVE_INFINITY;
    grads[0]![6] = Number.NaN; // in the scalar tail (7 = 4 + 3)
    for (const weightDecay of [0, 0.05]) {
      const opts = { ...base, weightDecay };
      const fused = await trace(true, opts, init, grads);
      const ops = await trace(false, opts, init, grads);
      for (let s = 0; s < STEPS; s++) {
        for (const key of ['p', 'm', 'v'] as const) {
          expect(mismatches(fused[key][s]!, ops[key][s]!, (y) => 2e-7 * Math.abs(y)), `${key} step ${s + 1}`).toEqual([]);
        }
      }
      // The poisoned elements stay NaN (or infinite moments); the clean ones stay finite.
      expect(Number.isNaN(fused.p[STEPS - 1]![0]!) && Number.isNaN(fused.p[STEPS - 1]![1]!) && Number.isNaN(fused.p[STEPS - 1]![6]!)).toBe(true);
      expect(fused.v[2]![2]).toBe(Number.POSITIVE_INFINITY);
      expect(Number.isFinite(fused.p[STEPS - 1]![3]!)).toBe(true);
    }
  });

  it('does not write into the variable buffer it was given (tensors may share it)', async () => {
    const t = tf.tensor1d([1, 2, 3, 4, 5]);
    const p = tf.variable(t); // shares t's data id
    const g = tf.ones([5]);
    const opt = new AdamW({ lr: 0.1 });
    opt.applyGradients({ [p.name]: g });
    expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5]);
    expect((await p.data())[0]).toBeLessThan(1);
    opt.dispose();
    tf.dispose([t, p, g]);
  });
});
