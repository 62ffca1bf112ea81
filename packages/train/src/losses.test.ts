import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describe, expect, it } from 'vitest';
import { tokenCrossEntropy } from './losses.js';
import { linearRatio, TeacherForcing } from './teacher-forcing.js';

describe('tokenCrossEntropy (label smoothing through core crossEntropy)', () => {
  it('ignores padding and applies label smoothing', async () => {
    await expectNoLeaksAsync(async () => {
      const logits = tf.tensor3d([[[1, 2, 0.5], [0.1, -1, 3]], [[2, 2, 2], [0, 1, 0]]]);
      const targets = tf.tensor2d([[1, 2], [0, 0]], undefined, 'int32'); // id 0 = padding
      const ours = tokenCrossEntropy(logits, targets, { padId: 0, labelSmoothing: 0.2 });
      const ref = crossEntropy(logits, targets, { ignoreIndex: 0, labelSmoothing: 0.2 });
      expect(await ours.data()).toEqual(await ref.data());
      // By hand: only the two non-pad tokens count.
      const logp = tf.logSoftmax(logits);
      const lp = (await logp.array()) as number[][][];
      const tok = (r: number[], t: number) => 0.8 * -r[t]! + 0.2 * -(r.reduce((a, b) => a + b) / 3);
      expect((await ours.data())[0]).toBeCloseTo((tok(lp[0]![0]!, 1) + tok(lp[0]![1]!, 2)) / 2, 5);
      const plain = tokenCrossEntropy(logits, targets);
      expect((await plain.data())[0]).not.toBeCloseTo((await ours.data())[0]!, 3);
      tf.dispose([logits, targets, ours, ref, logp, plain]);
    });
  });
});

describe('TeacherForcing', () => {
  it('draws from the seeded generator: same seed, same decisions, about ratio of them true', () => {
    const tfc = new TeacherForcing(0.3);
    const run = (seed: number) => {
      const rng = new Generator(seed);
      return Array.from({ length: 2000 }, (_, step) => tfc.use({ step, epoch: 0, rng, training: true }));
    };
    const a = run(1);
    expect(a).toEqual(run(1));
    expect(a).not.toEqual(run(2));
    const frac = a.filter(Boolean).length / a.length;
    expect(frac).toBeGreaterThan(0.26);
    expect(frac).toBeLessThan(0.34);
  });
  it('decays linearly and validates the ratio', () => {
    const r = linearRatio(1, 0, 10);
    expect([r(0), r(5), r(10), r(20)]).toEqual([1, 0.5, 0, 0]);
    const tfc = new TeacherForcing(r);
    const rng = new Generator(0);
    expect(tfc.use({ step: 10, epoch: 0, rng, training: true })).toBe(false);
    expect(tfc.use({ step: 0, epoch: 0, rng, training: true })).toBe(true);
    expect(() => new TeacherForcing(() => 2).ratioAt(3)).toThrow(/ratio at step 3 must be in \[0, 1\], got 2/);
  });
});
