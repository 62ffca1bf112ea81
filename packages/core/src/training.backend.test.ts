import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { Dropout } from './layers/dropout.js';
import { Embedding } from './layers/embedding.js';
import { Linear } from './layers/linear.js';
import { expectNoLeaksAsync } from './leaks.js';
import { crossEntropy } from './losses/cross-entropy.js';
import { Module } from './module.js';
import { manualSeed } from './rng.js';

/** A bigram model: next id from the current id. */
class Bigram extends Module {
  readonly embed = this.addModule('embed', new Embedding(12, 8, { paddingIdx: 0 }));
  readonly drop = this.addModule('drop', new Dropout(0.1));
  readonly out = this.addModule('out', new Linear(8, 12));
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.out.forward(this.drop.forward(this.embed.forward(ids))));
  }
}

describeBackends('a tiny Embedding + Linear model trains', () => {
  it('Adam steps lower the loss, and each step leaves numTensors unchanged', async () => {
    manualSeed(0);
    const model = new Bigram();
    const opt = tf.train.adam(0.05);
    const ids = tf.tensor2d([[1, 2, 3, 4, 5, 0], [6, 7, 8, 9, 10, 11]], [2, 6], 'int32');
    const targets = tf.tensor2d([[2, 3, 4, 5, 6, -100], [7, 8, 9, 10, 11, 1]], [2, 6], 'int32');
    const step = async () => {
      const cost = opt.minimize(() => crossEntropy(model.forward(ids), targets) as tf.Scalar, true, model.parameters())!;
      const v = (await cost.data())[0]!;
      cost.dispose();
      return v;
    };
    const first = await step(); // creates Adam's slots: not a leak
    let last = first;
    for (let i = 0; i < 15; i++) last = await expectNoLeaksAsync(step, `step ${i}`);
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first * 0.5);
    // Eval pass leaks nothing either, and dropout is off in eval mode (deterministic output).
    model.eval();
    await expectNoLeaksAsync(async () => {
      const a = model.forward(ids);
      const b = model.forward(ids);
      expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
      tf.dispose([a, b]);
    });
    opt.dispose();
    model.dispose();
    tf.dispose([ids, targets]);
  });
});
