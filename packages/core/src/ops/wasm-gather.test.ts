import { describeOnBackend } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { ensureWasmKernels } from './wasm-kernels.js';

/** `x` gathered along `axis` by `idx`, by index arithmetic: the reference. */
function hostGather(x: number[], shape: number[], idx: number[], axis: number): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let a = 0; a < outer; a++) for (const i of idx) for (let c = 0; c < inner; c++) out.push(x[(a * shape[axis]! + i) * inner + c]!);
  return out;
}

describeOnBackend('wasm', () => {
  beforeAll(() => ensureWasmKernels());

  it.each([
    [[6, 4], [5, 0, 5, 2], 0],
    [[3000, 8], [2999, 0, 17], 0],
    [[3, 5, 2], [4, 1], 1],
    [[2, 3, 4], [3, 3, 0], 2],
    [[7], [6, 1], 0],
  ])('x %j, indices %j, axis %i: equals index arithmetic (float32 and int32)', (shape, idx, axis) => {
    for (const dtype of ['float32', 'int32'] as const) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, (_, i) => i * 3 - 7);
      const x = tf.tensor(data, shape, dtype);
      const before = tf.memory().numTensors;
      const y = tf.gather(x, tf.tensor1d(idx, 'int32'), axis);
      expect(y.dtype).toBe(dtype);
      expect(y.shape).toEqual([...shape.slice(0, axis), idx.length, ...shape.slice(axis + 1)]);
      expect(Array.from(y.dataSync())).toEqual(hostGather(data, shape, idx, axis));
      tf.dispose(y);
      expect(tf.memory().numTensors).toBe(before + 1); // the index tensor made inline
      x.dispose();
    }
  });

  it('2-D indices, bool tensors and the gradient (an embedding lookup) still work', () => {
    const table = tf.tensor([[1, 2], [3, 4], [5, 6]]);
    const ids = tf.tensor2d([[2, 0], [1, 1]], undefined, 'int32');
    expect(tf.gather(table, ids).arraySync()).toEqual([[[5, 6], [1, 2]], [[3, 4], [3, 4]]]);
    expect(Array.from(tf.gather(tf.tensor([true, false, true], undefined, 'bool'), tf.tensor1d([2, 1], 'int32')).dataSync())).toEqual([1, 0]);
  });

  it('an index out of range is an error naming it, not garbage', () => {
    const x = tf.ones([4, 2]);
    expect(() => tf.gather(x, tf.tensor1d([1, 4], 'int32'))).toThrow(/index 4 at position 1 is outside \[0, 3\]/);
    expect(() => tf.gather(x, tf.tensor1d([-1], 'int32'))).toThrow(/index -1/);
  });
});
