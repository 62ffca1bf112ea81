/**
 * The per-row softmax cross-entropy (the SIMD kernels on wasm, tfjs ops on cpu) against a float64
 * loop: class counts that exercise the 4-lane body and the scalar tail, label smoothing, ignored
 * rows, a -Infinity logit (probability exactly 0) and NaN / out-of-range inputs (NaN, not a crash).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { expectNoLeaksAsync } from '../leaks.js';
import { softmaxCrossEntropyRows } from './softmax-xent.js';

/** Loss per row and d(Σ k·loss)/dx in float64. */
function reference(x: Float32Array, t: Int32Array, valid: Float32Array, k: Float32Array, R: number, C: number, eps: number) {
  const loss = new Float64Array(R);
  const grad = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    const row = Array.from(x.subarray(r * C, (r + 1) * C));
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
    const meanLogp = row.reduce((a, v) => a + (v - lse), 0) / C;
    loss[r] = valid[r]! * ((1 - eps) * (lse - row[t[r]!]!) - eps * meanLogp);
    for (let c = 0; c < C; c++) {
      const target = (c === t[r] ? 1 - eps : 0) + eps / C;
      grad[r * C + c] = k[r]! * valid[r]! * (Math.exp(row[c]! - lse) - target);
    }
  }
  return { loss, grad };
}

const wave = (n: number, a: number, scale: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * a + 0.3) * scale);

describeBackends('softmaxCrossEntropyRows', (backend) => {
  it.each([
    [3, 3, 0],
    [5, 4, 0],
    [4, 7, 0.1],
    [6, 3000, 0],
    [2, 1027, 0.2],
  ])('R %i, C %i, ε %f: loss and gradient equal float64 within 1e-5', async (R, C, eps) => {
    const x = wave(R * C, 0.77, 6);
    const t = Int32Array.from({ length: R }, (_, r) => (r * 7 + 1) % C);
    const valid = Float32Array.from({ length: R }, (_, r) => (r === 1 ? 0 : 1));
    const k = wave(R, 1.3, 1);
    const ref = reference(x, t, valid, k, R, C, eps);
    const [xs, ts, vs, ks] = [tf.tensor2d(x, [R, C]), tf.tensor1d(t, 'int32'), tf.tensor1d(valid), tf.tensor1d(k)];
    await expectNoLeaksAsync(async () => {
      const { value, grads } = tf.valueAndGrads((a: tf.Tensor) => tf.sum(tf.mul(softmaxCrossEntropyRows(a, ts, vs, eps), ks)))([xs]);
      const loss = softmaxCrossEntropyRows(xs, ts, vs, eps);
      const [l, g] = [await loss.data(), await grads[0]!.data()];
      for (let r = 0; r < R; r++) expect(Math.abs(l[r]! - ref.loss[r]!), `loss ${r}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref.loss[r]!)));
      for (let i = 0; i < R * C; i++) expect(Math.abs(g[i]! - ref.grad[i]!), `grad ${i}`).toBeLessThan(1e-6);
      tf.dispose([value, loss, ...grads]);
    });
    const p = await tf.profile(() => tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(softmaxCrossEntropyRows(a, ts, vs, eps)))(xs)));
    expect(p.kernelNames.includes('SeqlabXentBackward')).toBe(backend === 'wasm');
    tf.dispose([xs, ts, vs, ks]);
  });

  // crossEntropy checks targets on the host first; the kernel still must not read outside a row.
  const outOfRange = backend === 'wasm';
  it(`a -Infinity logit gets probability 0; a NaN logit${outOfRange ? ' or an out-of-range target' : ''} gives NaN`, async () => {
    const ts = tf.tensor1d([0, 1, outOfRange ? 5 : 4], 'int32');
    const vs = tf.ones([3]);
    const xs = tf.tensor2d([
      [2, -Infinity, 1, 0.5, 0],
      [NaN, 1, 2, 3, 4],
      [1, 2, 3, 4, 5],
    ]);
    const g = await tf.grad((a: tf.Tensor) => tf.sum(softmaxCrossEntropyRows(a, ts, vs, 0)))(xs).array() as number[][];
    const loss = await softmaxCrossEntropyRows(xs, ts, vs, 0).data();
    expect(g[0]![1]).toBe(0);
    const z = Math.exp(2) + Math.exp(1) + Math.exp(0.5) + 1;
    expect(Math.abs(loss[0]! - (Math.log(z) - 2))).toBeLessThan(1e-6);
    expect(loss[1]).toBeNaN();
    if (outOfRange) expect(loss[2]).toBeNaN();
    else expect(Math.abs(loss[2]! - Math.log([1, 2, 3, 4, 5].reduce((a, v) => a + Math.exp(v - 5), 0)))).toBeLessThan(1e-6);
    tf.dispose([ts, vs, xs]);
  });
});
