import { describeOnBackend } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWasmKernels } from './wasm-kernels.js';
import { swapForm } from './wasm-transpose.js';
import { wasmBase64 } from './simd/transpose-wasm.js';
import { wasmHeapModule } from './wasm-heap-module.js';

/** Row-major transpose of `data` by index arithmetic: the reference. */
function hostTranspose(data: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let src = 0;
    for (let d = 0; d < perm.length; d++) src += idx[d]! * strides[perm[d]!]!;
    out[o] = data[src]!;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

describe('swapForm', () => {
  it.each([
    [[5, 7], [1, 0], [1, 5, 7, 1]],
    [[3, 5, 7], [0, 2, 1], [3, 5, 7, 1]],
    [[16, 128, 4, 64], [0, 2, 1, 3], [16, 128, 4, 64]],
    [[2, 3, 4, 5], [2, 3, 0, 1], [1, 6, 20, 1]],
    [[2, 3, 4], [0, 1, 2], [1, 1, 1, 24]],
    [[1, 5, 1, 7], [3, 2, 1, 0], [1, 5, 7, 1]],
    [[4, 1], [1, 0], [1, 1, 1, 4]],
  ])('%j by %j is the swap %j', (shape, perm, form) => {
    expect(swapForm(shape, perm)).toEqual(form);
  });

  it('permutations that are not one swap have no form', () => {
    expect(swapForm([2, 3, 4], [2, 0, 1])).toEqual([1, 6, 4, 1]);
    expect(swapForm([2, 3, 4], [1, 2, 0])).toEqual([1, 2, 12, 1]);
    expect(swapForm([2, 3, 4], [2, 1, 0])).toBeNull();
    expect(swapForm([2, 3, 4, 5], [0, 3, 2, 1])).toBeNull();
  });
});

describeOnBackend('wasm', () => {
  beforeAll(() => ensureWasmKernels());

  it.each([
    [[5, 7], [1, 0]],
    [[64, 32], [1, 0]],
    [[33, 70], [1, 0]],
    [[100, 3], [1, 0]],
    [[1, 9], [1, 0]],
    [[3, 37, 41], [0, 2, 1]],
    [[2, 6, 3, 5], [0, 2, 1, 3]],
    [[2, 3, 4, 5], [2, 3, 0, 1]],
    [[2, 3, 4], [2, 1, 0]],
    [[2, 3, 4, 5, 2], [4, 0, 3, 1, 2]],
    [[4, 1, 6], [2, 1, 0]],
  ])('float32 %j by %j equals index arithmetic, bit for bit', (shape, perm) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -i : i) * 0.37 + (i === 5 ? Number.NaN : 0));
    const x = tf.tensor(data, shape);
    const before = tf.memory().numTensors;
    const y = tf.transpose(x, perm);
    expect(y.shape).toEqual(perm.map((p) => shape[p]!));
    expect(Array.from(y.dataSync())).toEqual(hostTranspose(data, shape, perm));
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('int32 and bool tensors, and empty ones', () => {
    const xi = tf.tensor(Int32Array.from({ length: 35 }, (_, i) => i * 7 - 100), [5, 7], 'int32');
    expect(Array.from(tf.transpose(xi).dataSync())).toEqual(hostTranspose(xi.dataSync(), [5, 7], [1, 0]));
    const xb = tf.tensor([true, false, false, true, true, false], [2, 3], 'bool');
    expect(Array.from(tf.transpose(xb).dataSync())).toEqual([1, 1, 0, 1, 0, 0]);
    expect(tf.transpose(tf.zeros([0, 4])).shape).toEqual([4, 0]);
  });

  it('the SIMD module loads here, so the cases above ran through it', () => {
    expect(wasmHeapModule(wasmBase64)).not.toBeNull();
  });
});
