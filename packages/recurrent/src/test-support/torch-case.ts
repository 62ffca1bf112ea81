/**
 * Test support (not exported): runs a sequence layer on a PyTorch fixture case and checks
 * outputs, final states and the gradients of input, initial states and every parameter.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync } from '@seqlab/core';
import { expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect } from 'vitest';
import type { RecurrentBase, RecurrentForwardOptions, RecurrentOutput, RecurrentPath } from '../layers/recurrent-base.js';

/** One layer case written by tooling/fixtures/recurrent_fixtures.py. */
export interface SeqCase {
  state: Record<string, FixtureArray>;
  input: FixtureArray;
  output: FixtureArray;
  h_n: FixtureArray;
  c_n?: FixtureArray;
  outGrad: FixtureArray;
  hGrad: FixtureArray;
  cGrad?: FixtureArray;
  grads: Record<string, FixtureArray>;
  inputGrad: FixtureArray;
  h0?: FixtureArray;
  h0Grad?: FixtureArray;
  c0?: FixtureArray;
  c0Grad?: FixtureArray;
  lengths?: number[];
  batchFirst: boolean;
}

type SeqLayer = RecurrentBase & { forward(x: tf.Tensor, o?: RecurrentForwardOptions & { c0?: tf.Tensor }): RecurrentOutput };

/** Loads the case's weights into `layer` (checking names and shapes first). */
export function loadTorchState(layer: RecurrentBase, c: SeqCase): void {
  expect(Object.keys(layer.stateDict())).toEqual(Object.keys(c.state));
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  layer.loadStateDict(sd);
  tf.dispose(Object.values(sd));
}

/** Forward + backward of `layer` on the case, compared with PyTorch at `atol`. */
export async function checkTorchCase(layer: SeqLayer, c: SeqCase, path: RecurrentPath, atol = 1e-5): Promise<void> {
  loadTorchState(layer, c);
  await expectNoLeaksAsync(async () => {
    const x = variableOf(c.input);
    const h0 = c.h0 ? variableOf(c.h0) : undefined;
    const c0 = c.c0 ? variableOf(c.c0) : undefined;
    const w = fromFixture(c.outGrad);
    const wh = fromFixture(c.hGrad);
    const wc = c.cGrad ? fromFixture(c.cGrad) : undefined;
    const opts = { h0, c0, lengths: c.lengths, path };
    const out = layer.forward(x, opts);
    await expectClose(out.output, c.output, atol);
    await expectClose(out.hN, c.h_n, atol);
    if (c.c_n) await expectClose(out.cN!, c.c_n, atol);
    tf.dispose([out.output, out.hN, out.cN ?? []].flat());
    const vars = [...layer.parameters(), x, ...(h0 ? [h0] : []), ...(c0 ? [c0] : [])];
    const { value, grads } = tf.variableGrads(() => {
      const o = layer.forward(x, opts);
      let loss = tf.add(tf.sum(tf.mul(o.output, w)), tf.sum(tf.mul(o.hN, wh)));
      if (wc) loss = tf.add(loss, tf.sum(tf.mul(o.cN!, wc)));
      return loss as tf.Scalar;
    }, vars);
    value.dispose();
    for (const [name, p] of layer.namedParameters()) {
      await expectClose(grads[p.name]!, c.grads[name]!, atol).catch((e: Error) => {
        throw new Error(`gradient of ${name}: ${e.message}`);
      });
    }
    await expectClose(grads[x.name]!, c.inputGrad, atol);
    if (h0) await expectClose(grads[h0.name]!, c.h0Grad!, atol);
    if (c0) await expectClose(grads[c0.name]!, c.c0Grad!, atol);
    tf.dispose(Object.values(grads));
    tf.dispose([x, w, wh, ...(h0 ? [h0] : []), ...(c0 ? [c0] : []), ...(wc ? [wc] : [])]);
  });
}

function variableOf(f: FixtureArray): tf.Variable {
  const t = fromFixture(f);
  const v = tf.variable(t);
  t.dispose();
  return v;
}
