/**
 * maskedSoftmax (on wasm: tfjs-wasm's Softmax forward, a SIMD kernel backward; tfjs ops elsewhere) against a float64 loop:
 * masks that broadcast over different leading axes (causal [L, S], key padding [N, 1, 1, S],
 * both, an additive mask with -Infinity), fully masked rows (all zeros), key counts that take the
 * 4-lane body and the scalar tail, and the gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { maskedSoftmax, type ScoreMask } from './masked-softmax.js';

const wave = (n: number, a: number, scale: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * a + 0.4) * scale);

/** Index of `idx` (a full index into `shape`) in a tensor of broadcasting shape `b`. */
function bIndex(idx: number[], shape: number[], b: number[]): number {
  const pad = [...Array<number>(shape.length - b.length).fill(1), ...b];
  let o = 0;
  for (let d = 0; d < shape.length; d++) o = o * pad[d]! + (pad[d] === 1 ? 0 : idx[d]!);
  return o;
}

/** Weights and d(Σ w·g)/dscores in float64, following the documented semantics. */
function reference(x: Float32Array, shape: number[], g: Float32Array, keep: [Uint8Array, number[]] | null, add: [Float32Array, number[]] | null) {
  const S = shape[shape.length - 1]!;
  const R = x.length / S;
  const w = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  for (let r = 0; r < R; r++) {
    const allowed: boolean[] = [];
    const z: number[] = [];
    for (let s = 0; s < S; s++) {
      const flat = r * S + s;
      const idx: number[] = [];
      let rest = flat;
      for (let d = shape.length - 1; d >= 0; d--) {
        idx.unshift(rest % shape[d]!);
        rest = Math.floor(rest / shape[d]!);
      }
      const a = add ? add[0][bIndex(idx, shape, add[1])]! : 0;
      allowed.push((keep ? keep[0][bIndex(idx, shape, keep[1])] === 1 : true) && a > -1e30);
      z.push(x[flat]! + (a > -1e30 ? a : 0));
    }
    if (!allowed.some(Boolean)) continue; // all zeros
    const m = Math.max(...z.filter((_, s) => allowed[s]));
    const e = z.map((v, s) => (allowed[s] ? Math.exp(v - m) : 0));
    const sum = e.reduce((p, v) => p + v, 0);
    let dot = 0;
    for (let s = 0; s < S; s++) {
      w[r * S + s] = e[s]! / sum;
      dot += w[r * S + s]! * g[r * S + s]!;
    }
    for (let s = 0; s < S; s++) dx[r * S + s] = w[r * S + s]! * (g[r * S + s]! - dot);
  }
  return { w, dx };
}

describeBackends('maskedSoftmax', (backend) => {
  const causal = (L: number, S: number) => Uint8Array.from({ length: L * S }, (_, i) => (i % S <= Math.floor(i / S) ? 1 : 0));
  const padding = (N: number, S: number) => Uint8Array.from({ length: N * S }, (_, i) => (i % S < S - 2 * Math.floor(i / S) ? 1 : 0));
  const cases: [string, number[], [Uint8Array, number[]] | null, [Float32Array, number[]] | null][] = [
    ['no mask, rank 2, S 7', [6, 7], null, null],
    ['causal [L, S], S 4', [2, 3, 4, 4], [causal(4, 4), [4, 4]], null],
    ['key padding [N, 1, 1, S], S 9', [2, 3, 5, 9], [padding(2, 9), [2, 1, 1, 9]], null],
    ['causal + padding, S 130', [2, 2, 3, 130], [Uint8Array.from({ length: 2 * 3 * 130 }, (_, i) => (i % 130 !== (i >> 3) % 130 ? 1 : 0)), [2, 1, 3, 130]], null],
    ['additive with -Infinity and a fully masked row, rank 3', [3, 4, 6], null, [Float32Array.from({ length: 24 }, (_, i) => (Math.floor(i / 6) === 2 || i % 5 === 0 ? -Infinity : (i % 3) * 0.5)), [4, 6]]],
    ['keep mask with a fully masked row + additive', [2, 4, 5], [Uint8Array.from({ length: 20 }, (_, i) => (Math.floor(i / 5) === 1 ? 0 : 1)), [4, 5]], [wave(5, 0.9, 1), [5]]],
  ];
  for (const [name, shape, keep, add] of cases) {
    it(`${name}: weights and gradient equal float64 within 1e-6`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = wave(n, 0.61, 4);
      const g = wave(n, 1.7, 1);
      const ref = reference(x, shape, g, keep, add);
      const xs = tf.tensor(x, shape);
      const gs = tf.tensor(g, shape);
      const mask: ScoreMask = {
        keep: keep ? tf.tensor(Array.from(keep[0]), keep[1], 'bool') : null,
        additive: add ? tf.tensor(add[0], add[1]) : null,
      };
      const before = tf.memory().numTensors;
      const w = maskedSoftmax(xs, mask);
      const dx = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(s, mask), gs)))(xs);
      const [wd, dd] = [await w.data(), await dx.data()];
      for (let i = 0; i < n; i++) {
        expect(Math.abs(wd[i]! - ref.w[i]!), `w[${i}]`).toBeLessThan(1e-6);
        expect(Math.abs(dd[i]! - ref.dx[i]!), `dx[${i}]`).toBeLessThan(1e-6);
      }
      tf.dispose([w, dx]);
      expect(tf.memory().numTensors).toBe(before);
      const p = await tf.profile(() => tf.dispose(tf.grad((s: tf.Tensor) => tf.sum(maskedSoftmax(s, mask)))(xs)));
      expect(p.kernelNames.includes('SeqlabSoftmaxGrad')).toBe(backend === 'wasm');
      tf.dispose([xs, gs, mask.keep!, mask.additive!].filter(Boolean));
    });
  }
});
