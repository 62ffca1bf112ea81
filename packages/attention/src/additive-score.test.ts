import { describeBackends } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { additiveScores, additiveScoresGrad } from './additive-score.js';

const wave = (n: number, k: number, scale = 1): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.2) * scale);

/** Scores and the gradients of pq, pk, v for upstream dy, in float64. */
function reference(pq: Float32Array, pk: Float32Array, v: Float32Array, dy: Float32Array, B: number, Tq: number, S: number, A: number) {
  const sc = new Float64Array(B * Tq * S);
  const dpq = new Float64Array(pq.length);
  const dpk = new Float64Array(pk.length);
  const dv = new Float64Array(A);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < Tq; t++)
      for (let s = 0; s < S; s++) {
        const o = (b * Tq + t) * S + s;
        for (let a = 0; a < A; a++) {
          const h = Math.tanh(pq[(b * Tq + t) * A + a]! + pk[(b * S + s) * A + a]!);
          sc[o]! += v[a]! * h;
          const g = dy[o]! * v[a]! * (1 - h * h);
          dpq[(b * Tq + t) * A + a]! += g;
          dpk[(b * S + s) * A + a]! += g;
          dv[a]! += dy[o]! * h;
        }
      }
  return [sc, dpq, dpk, dv];
}

describeBackends('additiveScores', (backend) => {
  it.each([
    [2, 1, 5, 8],
    [3, 4, 7, 12],
    [2, 2, 3, 6],
  ])('B %i, Tq %i, S %i, A %i: scores and the gradients of pq, pk, v equal float64 within 1e-5', async (B, Tq, S, A) => {
    const pq = wave(B * Tq * A, 0.37, 1.5);
    const pk = wave(B * S * A, 0.53, 1.5);
    const v = wave(A, 1.1);
    const dy = wave(B * Tq * S, 0.71);
    const ts = [tf.tensor(pq, [B, Tq, A]), tf.tensor(pk, [B, S, A]), tf.tensor(v)];
    const dyT = tf.tensor(dy, [B, Tq, S]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(additiveScores(a, b, c), dyT)))(ts);
    const scores = tf.tidy(() => additiveScores(ts[0]!, ts[1]!, ts[2]!));
    const ref = reference(pq, pk, v, dy, B, Tq, S, A);
    const got = [await scores.data(), ...(await Promise.all(grads.map((g) => g.data())))];
    got.forEach((arr, k) => {
      for (let i = 0; i < ref[k]!.length; i++) expect(Math.abs(arr[i]! - ref[k]![i]!), `output ${k}[${i}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref[k]![i]!)));
    });
    // The same backward called directly (recurrences that write their own gradient use it).
    const direct = additiveScoresGrad(ts[0]!, ts[1]!, ts[2]!, dyT);
    const gotDirect = await Promise.all(direct.map((g) => g.data()));
    gotDirect.forEach((arr, k) => {
      for (let i = 0; i < ref[k + 1]!.length; i++) expect(Math.abs(arr[i]! - ref[k + 1]![i]!), `direct grad ${k}[${i}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref[k + 1]![i]!)));
    });
    tf.dispose(direct);
    const p = await tf.profile(() => tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(additiveScores(a, b, c)))(ts)));
    expect(p.kernelNames.includes('SeqlabAdditiveScoreGrad')).toBe(backend === 'wasm' && A % 4 === 0);
    tf.dispose([value, ...grads, scores]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...ts, dyT]);
  });
});
