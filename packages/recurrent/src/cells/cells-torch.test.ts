import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, type Module } from '@seqlab/core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect, it } from 'vitest';
import fixtures from '../../fixtures/cells.json' with { type: 'json' };
import { GRUCell } from './gru-cell.js';
import { LSTMCell, type LSTMState } from './lstm-cell.js';
import { RNNCell } from './rnn-cell.js';

interface CellCase {
  state: Record<string, FixtureArray>;
  input: FixtureArray;
  h: FixtureArray;
  c?: FixtureArray;
  h1: FixtureArray;
  c1?: FixtureArray;
  hGrad: FixtureArray;
  cGrad?: FixtureArray;
  grads: Record<string, FixtureArray>;
  inputGrad: FixtureArray;
  hInGrad: FixtureArray;
  cInGrad?: FixtureArray;
}
const cases = fixtures.cases as unknown as Record<string, CellCase>;
const I = 3;
const H = 4;

function variableOf(f: FixtureArray): tf.Variable {
  const t = fromFixture(f);
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** One step of `cell` on PyTorch's inputs: new state and the gradients of everything. */
async function check(cell: Module, step: (x: tf.Tensor, h: tf.Tensor, c?: tf.Tensor) => LSTMState | tf.Tensor, c: CellCase): Promise<void> {
  expect(Object.keys(cell.stateDict())).toEqual(Object.keys(c.state));
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  cell.loadStateDict(sd);
  tf.dispose(Object.values(sd));
  await expectNoLeaksAsync(async () => {
    const x = variableOf(c.input);
    const h = variableOf(c.h);
    const cs = c.c ? variableOf(c.c) : undefined;
    const wh = fromFixture(c.hGrad);
    const wc = c.cGrad ? fromFixture(c.cGrad) : undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = step(x, h, cs);
      const [h1, c1] = out instanceof tf.Tensor ? [out, undefined] : [out.h, out.c];
      let loss = tf.sum(tf.mul(h1, wh));
      if (c1 && wc) loss = tf.add(loss, tf.sum(tf.mul(c1, wc)));
      return loss as tf.Scalar;
    }, [...cell.parameters(), x, h, ...(cs ? [cs] : [])]);
    value.dispose();
    const out = step(x, h, cs);
    const [h1, c1] = out instanceof tf.Tensor ? [out, undefined] : [out.h, out.c];
    await expectClose(h1, c.h1);
    if (c1) await expectClose(c1, c.c1!);
    for (const [name, p] of cell.namedParameters()) await expectClose(grads[p.name]!, c.grads[name]!);
    await expectClose(grads[x.name]!, c.inputGrad);
    await expectClose(grads[h.name]!, c.hInGrad);
    if (cs) await expectClose(grads[cs.name]!, c.cInGrad!);
    tf.dispose([h1, ...(c1 ? [c1] : []), x, h, wh, ...(cs ? [cs] : []), ...(wc ? [wc] : []), ...Object.values(grads)]);
  });
  cell.dispose();
}

describeBackends('cells match PyTorch (one step, every gradient)', () => {
  it('RNNCell tanh', () => {
    const cell = new RNNCell(I, H);
    return check(cell, (x, h) => cell.step(x, h), cases.rnn_tanh!);
  });
  it('RNNCell relu', () => {
    const cell = new RNNCell(I, H, { nonlinearity: 'relu' });
    return check(cell, (x, h) => cell.step(x, h), cases.rnn_relu!);
  });
  it('RNNCell unbatched', () => {
    const cell = new RNNCell(I, H);
    return check(cell, (x, h) => cell.step(x, h), cases.rnn_unbatched!);
  });
  it('LSTMCell', () => {
    const cell = new LSTMCell(I, H);
    return check(cell, (x, h, c) => cell.step(x, { h, c: c! }), cases.lstm!);
  });
  it('LSTMCell unbatched', () => {
    const cell = new LSTMCell(I, H);
    return check(cell, (x, h, c) => cell.step(x, { h, c: c! }), cases.lstm_unbatched!);
  });
  it('GRUCell', () => {
    const cell = new GRUCell(I, H);
    return check(cell, (x, h) => cell.step(x, h), cases.gru!);
  });
  it('GRUCell without bias', () => {
    const cell = new GRUCell(I, H, { bias: false });
    return check(cell, (x, h) => cell.step(x, h), cases.gru_nobias!);
  });
  it('GRUCell unbatched', () => {
    const cell = new GRUCell(I, H);
    return check(cell, (x, h) => cell.step(x, h), cases.gru_unbatched!);
  });
  it('omitted state means zeros', async () => {
    const cell = new LSTMCell(I, H, { projSize: 2 });
    await expectNoLeaksAsync(async () => {
      const x = tf.randomNormal([2, I], 0, 1, 'float32', 1);
      const z = { h: tf.zeros([2, 2]), c: tf.zeros([2, H]) };
      const a = cell.step(x);
      const b = cell.step(x, z);
      expect(a.h.shape).toEqual([2, 2]);
      await expectClose(a.h, b.h, 0);
      await expectClose(a.c, b.c, 0);
      tf.dispose([x, z.h, z.c, a.h, a.c, b.h, b.c]);
    });
    cell.dispose();
  });
});
