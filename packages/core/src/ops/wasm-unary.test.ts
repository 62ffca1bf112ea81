import { describeOnBackend } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { wasmBase64 } from './simd/unary-wasm.js';
import { wasmHeapModule } from './wasm-heap-module.js';
import { ensureWasmKernels } from './wasm-kernels.js';

/** Distance in float32 ulps between two finite float32 values. */
function ulps(a: number, b: number): number {
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ord = (i: number): number => (bits[i]! < 0 ? -(bits[i]! & 0x7fffffff) : bits[i]!);
  return Math.abs(ord(0) - ord(1));
}

describeOnBackend('wasm', () => {
  beforeAll(() => ensureWasmKernels());

  it('the SIMD module loads here (so the cases below run through it)', () => {
    expect(wasmHeapModule(wasmBase64)).not.toBeNull();
  });

  it('exp is within 2 ulps of float64 exp over [-87.3, 88.72], including the last lanes of odd sizes', () => {
    for (const n of [4, 7, 4099]) {
      const xs = Float32Array.from({ length: n }, (_, i) => -87.3 + (176 * ((i * 7919) % n)) / n);
      xs[n - 1] = 88.72;
      xs[0] = 88.1;
      const y = tf.exp(tf.tensor(xs)).dataSync();
      for (let i = 0; i < n; i++) expect(ulps(y[i]!, Math.fround(Math.exp(xs[i]!))), `exp(${xs[i]})`).toBeLessThanOrEqual(2);
    }
  });

  it('edges: +Inf above ln(FLT_MAX), 0 far below, NaN stays NaN, exp(0) = 1, and tiny sizes', () => {
    const y = tf.exp(tf.tensor([88.73, 1000, Number.POSITIVE_INFINITY, -88, -1000, Number.NEGATIVE_INFINITY, Number.NaN, 0])).dataSync();
    expect(Array.from(y.slice(0, 6))).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0, 0, 0]);
    expect(Number.isNaN(y[6]!)).toBe(true);
    expect(y[7]).toBe(1);
    expect(Array.from(tf.exp(tf.tensor([0, 1])).dataSync())).toEqual([1, Math.fround(Math.E)]);
  });

  it('tanh is within 2 ulps of float64 tanh, ±1 at ±Inf, NaN kept, odd sizes and tiny tensors', () => {
    for (const n of [5, 4097]) {
      const xs = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n * 24 - 12);
      xs[0] = 1e-7;
      xs[1] = -0.55;
      const y = tf.tanh(tf.tensor(xs)).dataSync();
      for (let i = 0; i < n; i++) expect(ulps(y[i]!, Math.fround(Math.tanh(xs[i]!))), `tanh(${xs[i]})`).toBeLessThanOrEqual(2);
    }
    const e = tf.tanh(tf.tensor([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0, -0])).dataSync();
    expect([e[0], e[1], e[3]]).toEqual([1, -1, 0]);
    expect(Number.isNaN(e[2]!)).toBe(true);
    const small = tf.tanh(tf.tensor([0.5, -2])).dataSync(); // tfjs's kernel (under 4 elements)
    expect(ulps(small[0]!, Math.fround(Math.tanh(0.5)))).toBeLessThanOrEqual(2);
    expect(ulps(small[1]!, Math.fround(Math.tanh(-2)))).toBeLessThanOrEqual(2);
  });

  it('int32 input goes to tfjs (float32 result), and no tensor leaks', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([0, 1, 2, 3, 4], undefined, 'int32');
    const y = tf.exp(x);
    expect(y.dtype).toBe('float32');
    expect(ulps(y.dataSync()[2]!, Math.fround(Math.exp(2)))).toBeLessThanOrEqual(1);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
