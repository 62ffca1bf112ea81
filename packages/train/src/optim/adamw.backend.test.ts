import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync } from '@seqlab/core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect, it } from 'vitest';
import adamwFixtures from '../../fixtures/adamw.json' with { type: 'json' };
import clipFixtures from '../../fixtures/clip.json' with { type: 'json' };
import { clipGradNorm } from '../clip.js';
import { AdamW, type AdamWOptions } from './adamw.js';

interface AdamWCase { options: Required<AdamWOptions>; init: FixtureArray[]; grads: FixtureArray[][]; after: FixtureArray[][] }
interface ClipCase { maxNorm: number | 'inf'; normType: number | 'inf'; grads: FixtureArray[]; clipped: FixtureArray[]; totalNorm: number }

describeBackends('AdamW and clipping match PyTorch', () => {
  for (const [name, c] of Object.entries(adamwFixtures.cases as unknown as Record<string, AdamWCase>)) {
    it(`torch.optim.AdamW, 3 steps: ${name}`, async () => {
      const vars = c.init.map((a) => tf.variable(fromFixture(a)));
      const opt = new AdamW({ lr: c.options.lr, beta1: c.options.beta1, beta2: c.options.beta2, eps: c.options.eps, weightDecay: c.options.weightDecay });
      for (let s = 0; s < c.grads.length; s++) {
        const grads = Object.fromEntries(vars.map((v, i) => [v.name, fromFixture(c.grads[s]![i]!)]));
        if (s > 0) {
          // After the first step (which creates the moment slots), a step allocates nothing.
          await expectNoLeaksAsync(async () => opt.applyGradients(grads));
        } else {
          opt.applyGradients(grads);
        }
        tf.dispose(Object.values(grads));
        for (const [i, v] of vars.entries()) await expectClose(v, c.after[s]![i]!, 1e-6);
      }
      expect(opt.iterations).toBe(3);
      opt.dispose();
      tf.dispose(vars);
    });
  }

  for (const [name, c] of Object.entries(clipFixtures.cases as unknown as Record<string, ClipCase>)) {
    it(`clip_grad_norm_: ${name}`, async () => {
      const grads = Object.fromEntries(c.grads.map((g, i) => [`g${i}`, fromFixture(g)]));
      const maxNorm = c.maxNorm === 'inf' ? Infinity : c.maxNorm;
      const normType = c.normType === 'inf' ? Infinity : c.normType;
      const out = await expectNoLeaksAsync(async () => {
        const r = await clipGradNorm(grads, maxNorm, normType);
        for (const [i, g] of Object.values(r.grads).entries()) await expectClose(g, c.clipped[i]!, 1e-6);
        tf.dispose(Object.values(r.grads));
        return r.totalNorm;
      });
      expect(Math.abs(out - c.totalNorm)).toBeLessThan(1e-5 * Math.max(1, c.totalNorm));
      tf.dispose(Object.values(grads));
    });
  }
});
