import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWasmKernels } from './wasm-kernels.js';

/** Row-major slice of `data` (shape `shape`) by plain index arithmetic: the reference. */
function hostSlice(data: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const walk = (d: number, offset: number) => {
    if (d === shape.length) return void out.push(data[offset]!);
    for (let i = 0; i < size[d]!; i++) walk(d + 1, offset + (begin[d]! + i) * strides[d]!);
  };
  walk(0, 0);
  return out;
}

const iota = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.5 - 3), shape, dtype);

describe('wasm kernels that do not copy their whole input (Slice, Unpack, SplitV, Identity)', () => {
  let previous: string;
  let readSyncCalls = 0;
  let restoreReadSync: () => void;
  beforeAll(async () => {
    previous = tf.getBackend();
    await tf.setBackend('wasm');
    ensureWasmKernels();
    // tfjs's wasm Slice copied its whole input through readSync: count the calls.
    const backend = tf.backend() as unknown as { readSync: (...a: unknown[]) => unknown };
    const readSync = backend.readSync;
    backend.readSync = function (this: unknown, ...a: unknown[]) {
      readSyncCalls++;
      return readSync.apply(this, a);
    };
    restoreReadSync = () => {
      backend.readSync = readSync;
    };
  });
  afterAll(async () => {
    restoreReadSync();
    await tf.setBackend(previous);
  });

  it('are the registered wasm kernels', () => {
    for (const name of ['Slice', 'Unpack', 'SplitV', 'Identity']) {
      expect(String(tf.getKernel(name, 'wasm')!.kernelFunc)).not.toMatch(/readSync|wasm\.HEAPU8/);
    }
  });

  const cases: [string, number[], number[], number[]][] = [
    ['1-D middle', [10], [3], [4]],
    ['contiguous rows of a 3-D tensor', [4, 3, 5], [1, 0, 0], [2, 3, 5]],
    ['a time step of [B, T, H] (strided rows)', [3, 6, 4], [0, 2, 0], [3, 1, 4]],
    ['inner columns of a 2-D tensor', [5, 7], [1, 2], [3, 4]],
    ['4-D corner with -1 size', [2, 3, 4, 5], [1, 1, 2, 3], [-1, 2, -1, 2]],
    ['5-D (beyond the original 2/3/4-D loops)', [2, 2, 3, 2, 3], [1, 0, 1, 1, 0], [1, 2, 2, 1, 3]],
    ['empty', [4, 3], [2, 0], [0, 3]],
  ];
  for (const [name, shape, begin, size] of cases) {
    it(`slice: ${name} equals plain index arithmetic, without reading the input on the host`, async () => {
      for (const dtype of ['float32', 'int32'] as const) {
        const x = iota(shape, dtype);
        const data = await x.data();
        const resolved = size.map((s, i) => (s === -1 ? shape[i]! - begin[i]! : s));
        readSyncCalls = 0;
        const y = tf.slice(x, begin, size);
        expect(readSyncCalls).toBe(0);
        expect(y.shape).toEqual(resolved);
        expect(y.dtype).toBe(dtype);
        expect(Array.from(await y.data())).toEqual(hostSlice(data, shape, begin, resolved));
        tf.dispose([x, y]);
      }
    });
  }

  it('unstack along every axis (negative too) and split into sizes equal the reference', async () => {
    const shape = [3, 4, 2];
    const x = iota(shape);
    const data = await x.data();
    for (const axis of [0, 1, 2, -1]) {
      const ax = axis < 0 ? axis + 3 : axis;
      readSyncCalls = 0;
      const parts = tf.unstack(x, axis);
      expect(readSyncCalls).toBe(0);
      for (let i = 0; i < parts.length; i++) {
        const begin = [0, 0, 0];
        const size = [...shape];
        begin[ax] = i;
        size[ax] = 1;
        expect(parts[i]!.shape).toEqual(shape.filter((_, d) => d !== ax));
        expect(Array.from(await parts[i]!.data())).toEqual(hostSlice(data, shape, begin, size));
      }
      tf.dispose(parts);
    }
    readSyncCalls = 0;
    const pieces = tf.split(x, [1, 2, 1], 1);
    expect(readSyncCalls).toBe(0);
    expect(pieces.map((p) => p.shape)).toEqual([[3, 1, 2], [3, 2, 2], [3, 1, 2]]);
    expect(Array.from(await pieces[1]!.data())).toEqual(hostSlice(data, shape, [0, 1, 0], [3, 2, 2]));
    const halves = tf.split(x, 2, 2);
    expect(Array.from(await halves[1]!.data())).toEqual(hostSlice(data, shape, [0, 0, 1], [3, 4, 1]));
    tf.dispose([x, ...pieces, ...halves]);
  });

  it('gradients through slice / unstack / split are unchanged (Pad, Pack, Concat)', async () => {
    const x = iota([3, 4]);
    const g = tf.grad((t: tf.Tensor) => tf.add(tf.sum(tf.mul(tf.slice(t, [1, 1], [2, 2]), 2)), tf.sum(tf.unstack(t)[2]!)))(x);
    expect(Array.from(await g.data())).toEqual([0, 0, 0, 0, 0, 2, 2, 0, 1, 3, 3, 1]);
    tf.dispose([x, g]);
  });

  it('string tensors still go through tfjs kernels', async () => {
    const s = tf.tensor(['a', 'b', 'c', 'd'], [2, 2], 'string');
    const y = tf.slice(s, [1, 0], [1, 2]);
    expect(await y.array()).toEqual([['c', 'd']]);
    const rows = tf.unstack(s);
    expect(await rows[0]!.array()).toEqual(['a', 'b']);
    const c = s.clone();
    expect(await c.array()).toEqual([['a', 'b'], ['c', 'd']]);
    tf.dispose([s, y, c, ...rows]);
  });

  it('Identity shares the buffer (clone) and disposing either side keeps the other valid', async () => {
    const x = iota([2, 3]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const c = x.clone();
    expect(backend.numDataIds()).toBe(before); // tfjs's wasm Identity allocated a copy
    x.dispose();
    expect(Array.from(await c.data())).toEqual([-3, -2.5, -2, -1.5, -1, -0.5]);
    c.dispose();
  });

  it('leak nothing', () => {
    const x = iota([4, 5, 6]);
    const n = tf.memory().numTensors;
    tf.tidy(() => {
      tf.unstack(x, 1);
      tf.split(x, 3, 2);
      tf.slice(x, [1, 1, 1], [2, 2, 2]);
    });
    expect(tf.memory().numTensors).toBe(n);
    x.dispose();
  });
});
