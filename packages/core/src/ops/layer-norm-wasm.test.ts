import { describeOnBackend } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { LayerNorm } from '../layers/layer-norm.js';

/** LayerNorm over the last C values of each row in float64, and its gradients for upstream dy. */
function reference(x: Float32Array, w: Float32Array, b: Float32Array, dy: Float32Array, C: number, eps: number) {
  const R = x.length / C;
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(C);
  const db = new Float64Array(C);
  for (let r = 0; r < R; r++) {
    const row = Array.from(x.subarray(r * C, r * C + C));
    const m = row.reduce((a, v) => a + v, 0) / C;
    const s = 1 / Math.sqrt(row.reduce((a, v) => a + (v - m) ** 2, 0) / C + eps);
    const xh = row.map((v) => (v - m) * s);
    const g = xh.map((_, c) => dy[r * C + c]! * w[c]!);
    const mg = g.reduce((a, v) => a + v, 0) / C;
    const mgx = g.reduce((a, v, c) => a + v * xh[c]!, 0) / C;
    for (let c = 0; c < C; c++) {
      y[r * C + c] = xh[c]! * w[c]! + b[c]!;
      dx[r * C + c] = s * (g[c]! - mg - xh[c]! * mgx);
      dw[c]! += dy[r * C + c]! * xh[c]!;
      db[c]! += dy[r * C + c]!;
    }
  }
  return { y, dx, dw, db };
}

const wave = (n: number, k: number, scale = 1, shift = 0): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.3) * scale + shift);

function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  return worst;
}

describeOnBackend('wasm', () => {
  it.each([
    [[6, 8], 1e-5, 'fused'],
    [[2, 5, 256], 1e-5, 'fused'],
    [[3, 12], 1e-3, 'fused'],
    [[4, 6], 1e-5, 'tfjs ops (C not a multiple of 4)'],
  ])('%j, eps %f (%s): output and the gradients of x, weight, bias equal float64 within 2e-6', async (shape, eps, path) => {
    const C = shape[shape.length - 1]!;
    const n = shape.reduce((a, b) => a * b, 1);
    const ln = new LayerNorm(C, { eps });
    const xs = wave(n, 1.37, 3, 0.5);
    const ws = wave(C, 0.7, 0.5, 1);
    const bs = wave(C, 2.1, 0.2);
    const dys = wave(n, 0.91);
    tf.tidy(() => {
      ln.weight!.assign(tf.tensor(ws));
      ln.bias!.assign(tf.tensor(bs));
    });
    const x = tf.tensor(xs, shape);
    const dy = tf.tensor(dys, shape);
    const before = tf.memory().numTensors;
    const f = (xx: tf.Tensor): tf.Scalar => tf.sum(tf.mul(ln.forward(xx), dy));
    const { value, grads } = tf.variableGrads(() => f(x), ln.parameters());
    const dx = tf.grad(f)(x);
    const y = ln.forward(x);
    const ref = reference(xs, ws, bs, dys, C, eps);
    expect(maxRelErr(y.dataSync(), ref.y)).toBeLessThan(2e-6);
    expect(maxRelErr(dx.dataSync(), ref.dx)).toBeLessThan(2e-6);
    const gw = grads[ln.weight!.name]!;
    const gb = grads[ln.bias!.name]!;
    expect(maxRelErr(gw.dataSync(), ref.dw)).toBeLessThan(2e-6);
    expect(maxRelErr(gb.dataSync(), ref.db)).toBeLessThan(2e-6);
    const p = await tf.profile(() => tf.dispose(tf.grad(f)(x)));
    const fused = p.kernelNames.includes('SeqlabLayerNorm') && p.kernelNames.includes('SeqlabLayerNormGrad');
    expect(fused).toBe(path === 'fused');
    tf.dispose([value, dx, y, gw, gb]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
    ln.dispose();
  });
});
