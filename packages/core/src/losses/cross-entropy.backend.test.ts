import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect, it } from 'vitest';
import fixtures from '../../fixtures/losses.json' with { type: 'json' };
import { expectNoLeaksAsync } from '../leaks.js';
import { crossEntropy, nllLoss, type CrossEntropyOptions } from './cross-entropy.js';

interface LossCase {
  kwargs: { reduction?: 'mean' | 'sum' | 'none'; ignore_index?: number; label_smoothing?: number };
  logits: FixtureArray;
  target: FixtureArray;
  loss: FixtureArray;
  outGrad: FixtureArray;
  logitsGrad: FixtureArray;
}
const cases = fixtures.cases as unknown as Record<string, LossCase>;

function options(c: LossCase): CrossEntropyOptions {
  return {
    ...(c.kwargs.reduction ? { reduction: c.kwargs.reduction } : {}),
    ...(c.kwargs.ignore_index !== undefined ? { ignoreIndex: c.kwargs.ignore_index } : {}),
    ...(c.kwargs.label_smoothing !== undefined ? { labelSmoothing: c.kwargs.label_smoothing } : {}),
  };
}

describeBackends('losses match PyTorch', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: value and gradient`, async () => {
      const fn = name.startsWith('nll') ? nllLoss : crossEntropy;
      await expectNoLeaksAsync(async () => {
        const logits = fromFixture(c.logits);
        const target = fromFixture(c.target, 'int32');
        const w = fromFixture(c.outGrad);
        const loss = fn(logits, target, options(c));
        await expectClose(loss, c.loss, 1e-5);
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fn(x, target, options(c)), w)))(logits);
        await expectClose(g, c.logitsGrad, 1e-5);
        tf.dispose([logits, target, w, loss, g]);
      });
    });
  }

  it('a mean over only ignored targets is 0, not NaN', async () => {
    const logits = tf.tensor2d([[1, 2], [3, 4]]);
    const target = tf.tensor1d([-100, -100], 'int32');
    const loss = crossEntropy(logits, target);
    expect(Array.from(await loss.data())).toEqual([0]);
    tf.dispose([logits, target, loss]);
  });
});
