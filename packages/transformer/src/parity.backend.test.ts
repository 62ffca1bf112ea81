import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, type Module } from '@seqlab/core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect, it } from 'vitest';
import fixtures from '../fixtures/layers.json' with { type: 'json' };
import type { Activation } from './activation.js';
import { TransformerDecoderLayer } from './decoder-layer.js';
import { TransformerEncoderLayer } from './encoder-layer.js';
import { Transformer } from './transformer.js';

interface Case {
  config: { dModel: number; nhead: number; dimFeedforward: number; activation?: Activation; batchFirst: boolean; normFirst?: boolean; numEncoderLayers?: number; numDecoderLayers?: number };
  state: Record<string, FixtureArray>;
  inputs: Record<string, FixtureArray>;
  masks: Record<string, FixtureArray>;
  output: FixtureArray;
  outGrad: FixtureArray;
  grads: Record<string, FixtureArray>;
  inputGrads: Record<string, FixtureArray>;
}
const cases = fixtures.cases as unknown as Record<string, Case>;

type Run<M> = (module: M, inputs: tf.Tensor[], masks: Record<string, tf.Tensor>) => tf.Tensor;

/** Loads PyTorch's state dict unchanged, then compares output and every gradient at 1e-5. */
async function check<M extends Module>(module: M, c: Case, inputNames: string[], run: Run<M>): Promise<void> {
  expect(Object.keys(module.stateDict())).toEqual(Object.keys(c.state));
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  module.loadStateDict(sd);
  tf.dispose(Object.values(sd));
  const masks = Object.fromEntries(Object.entries(c.masks).map(([k, v]) => [k, tf.cast(fromFixture(v, 'int32'), 'bool')]));
  await expectNoLeaksAsync(async () => {
    const inputs = inputNames.map((n) => fromFixture(c.inputs[n]!));
    const w = fromFixture(c.outGrad);
    const y = run(module, inputs, masks);
    await expectClose(y, c.output, 1e-5);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(run(module, inputs, masks), w)) as tf.Scalar, module.parameters());
    for (const [name, p] of module.namedParameters()) await expectClose(grads[p.name]!, c.grads[name]!, 1e-5);
    const inputGrads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(run(module, xs, masks), w)))(inputs);
    for (let i = 0; i < inputNames.length; i++) await expectClose(inputGrads[i]!, c.inputGrads[inputNames[i]!]!, 1e-5);
    tf.dispose([value, ...Object.values(grads), ...inputGrads, ...inputs, w, y]);
  });
  tf.dispose(Object.values(masks));
  module.dispose();
}

const layerOpts = (c: Case) => ({
  dimFeedforward: c.config.dimFeedforward,
  dropout: 0,
  activation: c.config.activation ?? 'relu',
  batchFirst: c.config.batchFirst,
  normFirst: c.config.normFirst ?? false,
});

describeBackends('transformer layers match PyTorch (outputs and gradients)', () => {
  for (const [name, c] of Object.entries(cases).filter(([n]) => n.startsWith('encoder_layer'))) {
    it(name, () =>
      check(new TransformerEncoderLayer(c.config.dModel, c.config.nhead, layerOpts(c)), c, ['src'], (m, [src], k) =>
        m.forward(src!, { srcMask: k.srcMask!, srcKeyPaddingMask: k.srcKeyPaddingMask! }),
      ));
  }
  for (const [name, c] of Object.entries(cases).filter(([n]) => n.startsWith('decoder_layer'))) {
    it(name, () =>
      check(new TransformerDecoderLayer(c.config.dModel, c.config.nhead, layerOpts(c)), c, ['tgt', 'memory'], (m, [tgt, memory], k) =>
        m.forward(tgt!, memory!, { tgtMask: k.tgtMask!, tgtKeyPaddingMask: k.tgtKeyPaddingMask!, memoryKeyPaddingMask: k.memoryKeyPaddingMask! }),
      ));
  }
  it('nn.Transformer (2 + 2 layers, final norms, causal target, padded source)', () => {
    const c = cases.transformer!;
    const model = new Transformer({ dModel: c.config.dModel, nhead: c.config.nhead, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: c.config.dimFeedforward, dropout: 0, batchFirst: true });
    return check(model, c, ['src', 'tgt'], (m, [src, tgt], k) =>
      m.forward(src!, tgt!, { tgtMask: k.tgtMask!, srcKeyPaddingMask: k.srcKeyPaddingMask!, memoryKeyPaddingMask: k.memoryKeyPaddingMask! }),
    );
  });
});
