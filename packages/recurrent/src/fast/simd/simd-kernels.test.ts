import { describeOnBackend } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, expect, it } from 'vitest';
import { GRU } from '../../layers/gru.js';
import { LSTM } from '../../layers/lstm.js';
import { RNN } from '../../layers/rnn.js';
import { type FusedAttrs, type FusedSpec, runFused } from '../fused.js';
import { gruGradSpec, gruStepSpec, lstmGradSpec, lstmStepSpec, rnnGradSpec, rnnStepSpec } from '../pointwise.js';
import { pointwiseSimd, useSimdKernels } from './kernels.js';

/** Seeded uniform floats in [-a, a). */
function randoms(n: number, a: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * a;
  }
  return out;
}

/** Distance in float32 units in the last place (ulps) between two float32 values. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ord = (i: number): number => (bits[i]! < 0 ? -(bits[i]! & 0x7fffffff) : bits[i]!);
  return Math.abs(ord(0) - ord(1));
}

/** Runs `spec` on wasm twice, with the SIMD kernels and with the JS loops; returns both outputs. */
function bothWays(spec: FusedSpec, inputs: tf.Tensor[], attrs: FusedAttrs): [Float32Array[], Float32Array[]] {
  const run = (simd: boolean): Float32Array[] => {
    useSimdKernels(simd);
    const outs = runFused(spec, inputs, attrs);
    const data = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    return data;
  };
  return [run(true), run(false)];
}

/** Max over all outputs of |simd − js| / max(1, |js|), and whether NaNs sit in the same places. */
function compare(simd: Float32Array[], js: Float32Array[]): number {
  let worst = 0;
  simd.forEach((a, k) => {
    const b = js[k]!;
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      expect(Number.isNaN(a[i]!)).toBe(Number.isNaN(b[i]!));
      if (!Number.isNaN(b[i]!)) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
    }
  });
  return worst;
}

describeOnBackend('wasm', () => {
  afterEach(() => useSimdKernels(true));

  it('instantiates on the wasm heap (Node has WebAssembly SIMD)', () => {
    expect(pointwiseSimd()).not.toBeNull();
    useSimdKernels(false);
    expect(pointwiseSimd()).toBeNull();
  });

  it('tanh and sigmoid are within 2 ulps of float64 over the whole range, and exact at the edges', () => {
    // rnn_step gives tanh(xp + 0); lstm_step's input gate gives sigmoid(xp + 0).
    const special = [0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 1e-4, 0.5499, 0.55, 0.5501, -0.55, 1, -3, 8.99, 9, 9.5, -9.5, 20, -20, 88, -88, 100, -100];
    const n = 4096;
    const x = new Float32Array(n);
    x.set(special);
    x.set(randoms(n - 64, 12, 7), 64);
    for (let i = special.length; i < 64; i++) x[i] = 10 ** (-8 + i / 8) * (i % 2 ? -1 : 1);
    const xp = tf.tensor(x, [1, 1, n]);
    const zero = tf.zeros([1, n]);
    const [tanhOut] = runFused(rnnStepSpec, [zero, xp], { B: 1, H: n, t: 0 });
    const th = tanhOut!.dataSync();
    const xp4 = tf.tensor(new Float32Array(4 * n).fill(0).map((_, i) => (i < n ? x[i]! : 0)), [1, 1, 4 * n]);
    const outs = runFused(lstmStepSpec, [tf.zeros([1, 4 * n]), xp4, tf.zeros([1, n])], { B: 1, H: n, t: 0 });
    const sig = outs[2]!.dataSync().subarray(0, n);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      expect(ulps(th[i]!, Math.fround(Math.tanh(v))), `tanh(${v}) = ${th[i]}`).toBeLessThanOrEqual(2);
      const s = Math.fround(1 / (1 + Math.exp(-v)));
      // Below e^-87 the result is ~1e-38 instead of a smaller denormal: exp is clamped there.
      if (v > -87) expect(ulps(sig[i]!, s), `sigmoid(${v}) = ${sig[i]}`).toBeLessThanOrEqual(2);
      else expect(sig[i]!).toBeLessThan(1e-37);
    }
    expect(Object.is(th[1], -0) || th[1] === 0).toBe(true);
    tf.dispose([xp, zero, tanhOut!, xp4, ...outs]);
  });

  it('NaN and infinities: tanh(±Inf) = ±1, NaN stays NaN', () => {
    const xp = tf.tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0], [1, 1, 4]);
    const [h] = runFused(rnnStepSpec, [tf.zeros([1, 4]), xp], { B: 1, H: 4, t: 0 });
    const v = h!.dataSync();
    expect(Number.isNaN(v[0]!)).toBe(true);
    expect([v[1], v[2], v[3]]).toEqual([1, -1, 0]);
    tf.dispose([xp, h!]);
  });

  const B = 3;
  const H = 8;
  const T = 4;
  const t = (shape: number[], a: number, seed: number): tf.Tensor => tf.tensor(randoms(shape.reduce((p, q) => p * q, 1), a, seed), shape);

  it('every step kernel equals its JS loop (float32 vs float64 arithmetic: within 1e-6 relative)', () => {
    tf.tidy(() => {
      const acts4 = tf.sigmoid(t([T, B, 4 * H], 4, 1));
      for (const step of [0, 2, T - 1]) {
        const cases: [FusedSpec, tf.Tensor[], FusedAttrs][] = [
          [lstmStepSpec, [t([B, 4 * H], 6, 2), t([T, B, 4 * H], 6, 3), t([B, H], 2, 4)], { B, H, t: step }],
          [gruStepSpec, [t([B, 3 * H], 6, 5), t([3 * H], 1, 6), t([T, B, 3 * H], 6, 7), t([B, H], 1, 8)], { B, H, t: step }],
          [rnnStepSpec, [t([B, H], 4, 9), t([T, B, H], 4, 10)], { B, H, t: step, relu: 0 }],
          [rnnStepSpec, [t([B, H], 4, 9), t([T, B, H], 4, 10)], { B, H, t: step, relu: 1 }],
        ];
        for (const addDy of [0, 1]) {
          for (const carry of [0, 1]) {
            cases.push([lstmGradSpec, [t([B, H], 1, 11), t([T, B, H], 1, 12), t([T, B, H], 1, 13), t([B, H], 1, 14), acts4, t([T, B, H], 3, 15), t([B, H], 3, 16)], { B, H, t: step, addDy, carry }]);
          }
        }
        for (const carry of [0, 1]) {
          cases.push([gruGradSpec, [t([T, B, H], 1, 17), t([B, H], 1, 18), t([B, H], 1, 19), acts4, t([T, B, H], 1, 20), t([B, H], 1, 21)], { B, H, t: step, carry }]);
          for (const relu of [0, 1]) cases.push([rnnGradSpec, [t([T, B, H], 1, 22), t([B, H], 1, 23), tf.tanh(t([T, B, H], 2, 24))], { B, H, t: step, carry, relu }]);
        }
        for (const [spec, inputs, attrs] of cases) {
          const [simd, js] = bothWays(spec, inputs, attrs);
          expect(compare(simd, js), `${spec.name} ${JSON.stringify(attrs)}`).toBeLessThan(1e-6);
        }
      }
    });
  });

  it('H not a multiple of 4 uses the JS loops (same results either way)', () => {
    tf.tidy(() => {
      const inputs = [t([2, 4 * 5], 3, 30), t([1, 2, 4 * 5], 3, 31), t([2, 5], 1, 32)];
      const [simd, js] = bothWays(lstmStepSpec, inputs, { B: 2, H: 5, t: 0 });
      expect(compare(simd, js)).toBe(0);
    });
  });

  it('whole layers: forward and gradients with the SIMD kernels equal the JS loops (1e-6), no leaks', () => {
    const layers = [new LSTM(8, 12, { numLayers: 2, bidirectional: true }), new GRU(8, 12, { bidirectional: true }), new RNN(8, 12)];
    const x = t([6, 3, 8], 1, 40);
    for (const layer of layers) {
      const run = (): Float32Array[] => {
        const before = tf.memory().numTensors;
        const { value, grads } = tf.variableGrads(() => {
          const o = layer.forward(x, { lengths: [6, 2, 5] });
          return tf.sum(tf.mul(o.output, o.output));
        }, layer.parameters());
        const out = [value, ...Object.values(grads)].map((g) => g.dataSync() as Float32Array);
        tf.dispose([value, ...Object.values(grads)]);
        expect(tf.memory().numTensors).toBe(before);
        return out;
      };
      const simd = run();
      useSimdKernels(false);
      const js = run();
      useSimdKernels(true);
      expect(compare(simd, js)).toBeLessThan(1e-5);
    }
    x.dispose();
  });
});
