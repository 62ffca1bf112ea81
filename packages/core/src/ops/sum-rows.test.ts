import { describeBackends } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { sumRows } from './sum-rows.js';

describeBackends('sumRows', (backend) => {
  it.each([
    [1, 1],
    [1, 7],
    [5, 3],
    [33, 13],
    [640, 1024],
  ])('[%i, %i] equals a float64 column sum (vector columns and the C mod 4 tail)', (R, C) => {
    const data = Float32Array.from({ length: R * C }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 11)));
    const x = tf.tensor(data, [R, C]);
    const before = tf.memory().numTensors;
    const s = sumRows(x);
    expect(s.shape).toEqual([C]);
    const got = s.dataSync();
    for (let c = 0; c < C; c++) {
      let ref = 0;
      for (let r = 0; r < R; r++) ref += data[r * C + c]!;
      expect(Math.abs(got[c]! - ref)).toBeLessThanOrEqual(1e-6 * R * 12);
    }
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it(`runs ${backend === 'wasm' ? 'the SIMD kernel' : "tfjs's Sum"} on ${backend}`, async () => {
    const x = tf.ones([4, 8]);
    const p = await tf.profile(() => tf.dispose(sumRows(x)));
    expect(p.kernelNames).toContain(backend === 'wasm' ? 'SeqlabSumRows' : 'Sum');
    x.dispose();
  });

  it('does not change its input', () => {
    const x = tf.tensor([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    tf.dispose(sumRows(x));
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    x.dispose();
  });
});
