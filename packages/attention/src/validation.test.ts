import { ShapeError, ValueError } from '@seqlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BahdanauAttention } from './bahdanau.js';
import { LuongAttention } from './luong.js';
import { MultiHeadAttention } from './multihead.js';
import { scaledDotProductAttention } from './sdpa.js';

const made: tf.Tensor[] = [];
const z = (shape: number[], dtype: 'float32' | 'bool' | 'int32' = 'float32'): tf.Tensor => {
  const t = tf.zeros(shape, dtype);
  made.push(t);
  return t;
};
afterAll(() => tf.dispose(made));

/** Expects a ShapeError whose message names the argument and both shapes. */
function expectShapeError(fn: () => unknown, argument: string, ...fragments: string[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected a ShapeError for ${argument}`).toBeInstanceOf(ShapeError);
  const e = err as ShapeError;
  expect(e.argument).toBe(argument);
  for (const f of fragments) expect(e.message).toContain(f);
}

describe('bad input gives a ShapeError naming the argument, expected and actual shapes', () => {
  const mha = new MultiHeadAttention(8, 2, { batchFirst: true });
  const cross = new MultiHeadAttention(8, 2, { kdim: 6, vdim: 5 });
  afterAll(() => {
    mha.dispose();
    cross.dispose();
  });
  it('MultiHeadAttention: query rank / size, key and value sizes, masks', () => {
    const x = z([2, 3, 8]);
    expectShapeError(() => mha.forward(z([2, 3, 4, 8]), x, x), 'query', '[2, 3, 4, 8]');
    expectShapeError(() => mha.forward(z([2, 3, 7]), x, x), 'query', '[*, *, 8]', '[2, 3, 7]');
    expectShapeError(() => mha.forward(x, z([3, 3, 8]), z([3, 3, 8])), 'key', '[2, *, 8]', '[3, 3, 8]');
    expectShapeError(() => mha.forward(x, x, z([2, 4, 8])), 'value', '[2, 4, 8]');
    expectShapeError(() => mha.forward(x, x, x, { keyPaddingMask: z([2, 4], 'bool') }), 'keyPaddingMask', '[2, 3]', '[2, 4]');
    expectShapeError(() => mha.forward(x, x, x, { keyPaddingMask: z([2, 3], 'int32') }), 'keyPaddingMask', 'dtype int32');
    expectShapeError(() => mha.forward(x, x, x, { attnMask: z([3, 4], 'bool') }), 'attnMask', '[3, 3] or [4, 3, 3]', '[3, 4]');
    expectShapeError(() => mha.forward(x, x, x, { attnMask: z([2, 3, 3], 'bool') }), 'attnMask', '[4, 3, 3]', '[2, 3, 3]');
    // seq-first layout with kdim/vdim: key is [S, N, kdim].
    const q = z([4, 2, 8]);
    expectShapeError(() => cross.forward(q, z([5, 2, 8]), z([5, 2, 5])), 'key', '[*, 2, 6]', '[5, 2, 8]');
    expectShapeError(() => cross.forward(q, z([5, 2, 6]), z([5, 3, 5])), 'value', '[*, 2, 5]', '[5, 3, 5]');
  });
  it('MultiHeadAttention: bad constructor arguments', () => {
    expect(() => new MultiHeadAttention(10, 3)).toThrow(ValueError);
    expect(() => new MultiHeadAttention(8, 2, { dropout: 1.5 })).toThrow(/dropout must be in \[0, 1\]/);
  });
  it('scaledDotProductAttention: ranks, sizes and mask shapes', () => {
    const q = z([2, 3, 4]);
    expectShapeError(() => scaledDotProductAttention(z([4]), q, q), 'query', '[4]');
    expectShapeError(() => scaledDotProductAttention(q, z([2, 5, 3]), z([2, 5, 3])), 'key', '[2, *, 4]', '[2, 5, 3]');
    expectShapeError(() => scaledDotProductAttention(q, z([2, 5, 4]), z([2, 6, 4])), 'value', '[2, 5, *]', '[2, 6, 4]');
    expectShapeError(() => scaledDotProductAttention(q, q, q, { mask: z([2, 3, 4], 'bool') }), 'mask', 'broadcastable to [2, 3, 3]', '[2, 3, 4]');
    expectShapeError(() => scaledDotProductAttention(q, q, q, { mask: z([3, 3], 'int32') }), 'mask', 'dtype int32');
  });
  it('Bahdanau / Luong: query, keys, values, mask, projectedKeys', () => {
    const b = new BahdanauAttention(4, 5, { attnDim: 6 });
    const l = new LuongAttention(4, 5);
    const keys = z([2, 7, 5]);
    for (const a of [b, l]) {
      expectShapeError(() => a.forward(z([2, 3]), keys), 'query', '[2, 4] or [2, *, 4]', '[2, 3]');
      expectShapeError(() => a.forward(z([3, 4]), keys), 'query', '[3, 4]');
      expectShapeError(() => a.forward(z([2, 4]), z([2, 7, 4])), 'keys', '[*, *, 5]', '[2, 7, 4]');
      expectShapeError(() => a.forward(z([2, 4]), keys, { values: z([2, 6, 3]) }), 'values', '[2, 7, *]', '[2, 6, 3]');
      expectShapeError(() => a.forward(z([2, 4]), keys, { mask: z([2, 6], 'bool') }), 'mask', '[2, 7]', '[2, 6]');
      expectShapeError(() => a.forward(z([2, 4]), keys, { mask: z([2, 7]) }), 'mask', 'dtype bool', 'dtype float32');
    }
    expectShapeError(() => b.forward(z([2, 4]), keys, { projectedKeys: z([2, 7, 5]) }), 'projectedKeys', '[2, 7, 6]', '[2, 7, 5]');
    expect(() => new LuongAttention(4, 5, { score: 'dot' })).toThrow(/queryDim == keyDim/);
    expect(() => new LuongAttention(4, 4, { local: { windowD: 0 } })).toThrow(/windowD/);
    b.dispose();
    l.dispose();
  });
});

describe('MultiHeadAttention initialisation follows PyTorch', () => {
  it('state dict keys and shapes; zero biases; xavier-uniform in_proj bound; out_proj U(±1/√E)', async () => {
    const E = 64;
    const m = new MultiHeadAttention(E, 4);
    expect(Object.entries(m.stateDict()).map(([k, v]) => [k, v.shape])).toEqual([
      ['in_proj_weight', [3 * E, E]],
      ['in_proj_bias', [3 * E]],
      ['out_proj.weight', [E, E]],
      ['out_proj.bias', [E]],
    ]);
    const maxAbs = async (t: tf.Tensor): Promise<number> => Math.max(...Array.from(await t.data()).map(Math.abs));
    expect(await maxAbs(m.inProjBias!)).toBe(0);
    expect(await maxAbs(m.outProj.bias!)).toBe(0);
    const xb = Math.sqrt(6 / (E + 3 * E));
    const w = await maxAbs(m.inProjWeight!);
    expect(w).toBeLessThanOrEqual(xb);
    expect(w).toBeGreaterThan(0.95 * xb);
    const o = await maxAbs(m.outProj.weight);
    expect(o).toBeLessThanOrEqual(1 / Math.sqrt(E));
    expect(o).toBeGreaterThan(0.95 / Math.sqrt(E));
    m.dispose();
    const sep = new MultiHeadAttention(8, 2, { kdim: 6, vdim: 5, addBiasKV: true });
    expect(Object.entries(sep.stateDict()).map(([k, v]) => [k, v.shape])).toEqual([
      ['q_proj_weight', [8, 8]],
      ['k_proj_weight', [8, 6]],
      ['v_proj_weight', [8, 5]],
      ['in_proj_bias', [24]],
      ['bias_k', [1, 1, 8]],
      ['bias_v', [1, 1, 8]],
      ['out_proj.weight', [8, 8]],
      ['out_proj.bias', [8]],
    ]);
    sep.dispose();
  });

  it('eval mode turns dropout off; train mode drops weights', async () => {
    const m = new MultiHeadAttention(8, 2, { dropout: 0.5, batchFirst: true });
    const x = tf.randomNormal([1, 6, 8], 0, 1, 'float32', 1);
    const a = m.eval().forward(x, x, x, { averageAttnWeights: false });
    const b = m.eval().forward(x, x, x, { averageAttnWeights: false });
    expect(Array.from(await a.weights!.data())).toEqual(Array.from(await b.weights!.data()));
    const c = m.train().forward(x, x, x, { averageAttnWeights: false });
    expect(Array.from(await c.weights!.data()).filter((v) => v === 0).length).toBeGreaterThan(0);
    tf.dispose([x, a.output, a.weights!, b.output, b.weights!, c.output, c.weights!]);
    m.dispose();
  });
});
