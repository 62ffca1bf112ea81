import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync } from '@seqlab/core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { AdamW } from './optim/adamw.js';
import { tinyData, tinyLoss, TinyLM, type TinyBatch } from './tiny.test-util.js';
import { Trainer } from './trainer.js';

describeBackends('Trainer', () => {
  it('trains a tiny Embedding + Linear model: the loss falls', async () => {
    const model = new TinyLM(3);
    const trainer = new Trainer<TinyBatch>({ model, loss: tinyLoss(model), optimizer: new AdamW({ lr: 0.1, weightDecay: 0 }), seed: 1 });
    const r = await trainer.fit({ data: tinyData(5, 4), maxSteps: 20 });
    expect(r.losses).toHaveLength(20);
    const first = r.losses.slice(0, 4).reduce((a, b) => a + b) / 4;
    const last = r.losses.slice(-4).reduce((a, b) => a + b) / 4;
    expect(last).toBeLessThan(first * 0.5);
    trainer.options.optimizer.dispose();
    model.dispose();
  });

  it('no tensor leaks across training steps (clipping, accumulation, schedule) and an eval pass', async () => {
    const model = new TinyLM(4);
    const optimizer = new AdamW({ lr: 0.01 });
    const trainer = new Trainer<TinyBatch>({
      model,
      loss: tinyLoss(model, 0.1),
      optimizer,
      clipNorm: 1,
      accumulate: 2,
      schedule: (s) => 0.01 / (1 + s),
      evaluate: { every: 2, batches: () => tinyData(9, 2)(0) },
    });
    // The first update allocates the optimizer's moment slots: that is state, not a leak.
    await trainer.fit({ data: tinyData(6, 4), maxSteps: 1 });
    await expectNoLeaksAsync(() => trainer.fit({ data: tinyData(6, 4), maxSteps: 3 }), 'training steps');
    await expectNoLeaksAsync(() => trainer.evaluateNow(), 'eval pass');
    expect(trainer.step).toBe(3);
    optimizer.dispose();
    model.dispose();
  });

  it('works with tfjs optimizers (sgd, momentum, adam)', async () => {
    for (const make of [() => tf.train.sgd(0.5), () => tf.train.momentum(0.2, 0.9), () => tf.train.adam(0.05)]) {
      const model = new TinyLM(2);
      const optimizer = make();
      const trainer = new Trainer<TinyBatch>({ model, loss: tinyLoss(model), optimizer });
      const r = await trainer.fit({ data: tinyData(7, 4), maxSteps: 8 });
      expect(r.losses[7]!).toBeLessThan(r.losses[0]!);
      optimizer.dispose();
      model.dispose();
    }
  });
});
