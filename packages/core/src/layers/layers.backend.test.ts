import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect, it } from 'vitest';
import fixtures from '../../fixtures/layers.json' with { type: 'json' };
import { expectNoLeaksAsync } from '../leaks.js';
import type { Module } from '../module.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';

interface LayerCase {
  state: Record<string, FixtureArray>;
  input: FixtureArray;
  output: FixtureArray;
  outGrad: FixtureArray;
  grads: Record<string, FixtureArray>;
  inputGrad?: FixtureArray;
}
const cases = fixtures.cases as unknown as Record<string, LayerCase>;

/** Loads PyTorch's weights, then checks output, parameter gradients and input gradient. */
async function checkAgainstTorch(module: Module & { forward(x: tf.Tensor): tf.Tensor }, c: LayerCase, intInput = false): Promise<void> {
  expect(Object.keys(module.stateDict())).toEqual(Object.keys(c.state));
  for (const [k, t] of Object.entries(module.stateDict())) expect(t.shape).toEqual(c.state[k]!.shape);
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  module.loadStateDict(sd);
  tf.dispose(Object.values(sd));
  await expectNoLeaksAsync(async () => {
    const x = fromFixture(c.input, intInput ? 'int32' : 'float32');
    const w = fromFixture(c.outGrad);
    const y = module.forward(x);
    await expectClose(y, c.output, 1e-5);
    const params = module.parameters();
    const f = (xx: tf.Tensor) => tf.sum(tf.mul(module.forward(xx), w));
    const { value, grads } = tf.variableGrads(() => f(x) as tf.Scalar, params);
    value.dispose();
    for (const [name, p] of module.namedParameters()) {
      const g = grads[p.name];
      expect(g, `gradient of ${name}`).toBeDefined();
      await expectClose(g!, c.grads[name]!, 1e-5);
    }
    tf.dispose(Object.values(grads));
    if (c.inputGrad) {
      const gx = tf.grad(f)(x);
      await expectClose(gx, c.inputGrad, 1e-5);
      gx.dispose();
    }
    tf.dispose([x, w, y]);
  });
  module.dispose();
}

describeBackends('layers match PyTorch', () => {
  it('Linear', () => checkAgainstTorch(new Linear(5, 3), cases.linear!));
  it('Linear without bias', () => checkAgainstTorch(new Linear(4, 6, { bias: false }), cases.linear_nobias!));
  it('Embedding with padding_idx (no gradient to the padding row)', () =>
    checkAgainstTorch(new Embedding(7, 4, { paddingIdx: 0 }), cases.embedding_pad!, true));
  it('Embedding with repeated ids (gradients summed)', () => checkAgainstTorch(new Embedding(5, 3), cases.embedding!, true));
  it('LayerNorm', () => checkAgainstTorch(new LayerNorm(6), cases.layernorm!));
  it('LayerNorm over two dims, eps 1e-3', () => checkAgainstTorch(new LayerNorm([2, 3], { eps: 1e-3 }), cases.layernorm_2d!));
});
