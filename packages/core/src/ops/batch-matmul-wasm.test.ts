import { describeOnBackend } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { batchMatMulWasm } from './batch-matmul-wasm.js';
import { mm } from './matmul.js';

/** a [bt, M, K] @ b [bt, K, N] in float64. */
function reference(a: Float32Array, b: Float32Array, bt: number, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(bt * M * N);
  for (let t = 0; t < bt; t++)
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[(t * M + i) * K + k]! * b[(t * K + k) * N + j]!;
        c[(t * M + i) * N + j] = s;
      }
  return c;
}

const wave = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.1));

/**
 * Checks `grad[at(t, o, k)] = Σ_j src[from(t, k, j)]` for every batch t < bt, o < O, k < K (the
 * gradient of sum(a @ b) with respect to one operand: sums of the other over its free axis J).
 */
function expectSums(grad: ArrayLike<number>, src: ArrayLike<number>, bt: number, O: number, K: number, J: number, from: (t: number, k: number, j: number) => number, at: (t: number, o: number, k: number) => number): void {
  for (let t = 0; t < bt; t++)
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < J; j++) s += src[from(t, k, j)]!;
      for (let o = 0; o < O; o++) expect(Math.abs(grad[at(t, o, k)]! - s)).toBeLessThan(1e-5);
    }
}

describeOnBackend('wasm', () => {
  it.each([
    [[3], 4, 5, 8],
    [[2, 3], 8, 1, 16],
    [[5], 12, 33, 24],
    [[16], 128, 64, 128],
    [[4], 15, 16, 15],
    [[2], 3, 7, 5],
    [[3], 13, 9, 21],
  ])('lead %j, %i x %i x %i: equals float64 within 1e-6 of the sum of |terms|', (lead, M, K, N) => {
    const bt = lead.reduce((p, q) => p * q, 1);
    const av = wave(bt * M * K, 0.37);
    const bv = wave(bt * K * N, 0.91);
    const a = tf.tensor(av, [...lead, M, K]);
    const b = tf.tensor(bv, [...lead, K, N]);
    const before = tf.memory().numTensors;
    const c = batchMatMulWasm(a, b)!;
    expect(c).not.toBeNull();
    expect(c.shape).toEqual([...lead, M, N]);
    const got = c.dataSync();
    const ref = reference(av, bv, bt, M, K, N);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!));
    expect(worst).toBeLessThanOrEqual(1e-6 * K);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });

  it('declines a right operand too big for cache (XNNPACK takes it), and mm still gets it right', () => {
    const a = tf.tensor(wave(2 * 4 * 512, 0.3), [2, 4, 512]);
    const b = tf.tensor(wave(2 * 512 * 400, 0.7), [2, 512, 400]);
    expect(batchMatMulWasm(a, b)).toBeNull();
    const c = mm(a, b);
    const ref = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, 2, 4, 512, 400);
    let worst = 0;
    c.dataSync().forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ref[i]!))));
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([a, b, c]);
  });

  it('a single 2-D product runs the kernel from 8 rows (XNNPACK below), both equal to float64', async () => {
    for (const [M, K, N] of [[8, 40, 24], [13, 37, 29], [5, 40, 24]] as const) {
      const a = tf.tensor(wave(M * K, 0.17), [M, K]);
      const b = tf.tensor(wave(K * N, 0.29), [K, N]);
      const p = await tf.profile(() => tf.dispose(mm(a, b)));
      expect(p.kernelNames.includes('SeqlabBatchMatMul'), `${M}x${K}x${N}`).toBe(M >= 8);
      const c = mm(a, b);
      const ref = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, 1, M, K, N);
      c.dataSync().forEach((v, i) => expect(Math.abs(v - ref[i]!)).toBeLessThan(1e-5));
      tf.dispose([a, b, c]);
    }
  });

  it('mm on a batch runs the kernel, and its gradients match float64 (they run through it too)', async () => {
    const [bt, M, K, N] = [3, 8, 8, 8];
    const av = wave(bt * M * K, 0.21);
    const bv = wave(bt * K * N, 0.43);
    const a = tf.tensor(av, [bt, M, K]);
    const b = tf.tensor(bv, [bt, K, N]);
    const p = await tf.profile(() => tf.dispose(mm(a, b)));
    expect(p.kernelNames).toContain('SeqlabBatchMatMul');
    // d/da sum(a@b) = 1 @ bᵀ: row sums of b; d/db = aᵀ @ 1: column sums of a.
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(mm(x, y)))([a, b]);
    // ga[t, i, k] = Σ_j b[t, k, j] (the same for every i); gb[t, k, j] = Σ_i a[t, i, k].
    expectSums(ga!.dataSync(), bv, bt, M, K, N, (t, k, j) => (t * K + k) * N + j, (t, i, k) => (t * M + i) * K + k);
    expectSums(gb!.dataSync(), av, bt, N, K, M, (t, k, i) => (t * M + i) * K + k, (t, j, k) => (t * K + k) * N + j);
    tf.dispose([a, b, ga!, gb!]);
  });
});
