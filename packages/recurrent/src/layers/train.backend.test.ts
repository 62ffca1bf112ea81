/**
 * Every layer trains on every backend (cpu and wasm in Node, webgl and webgpu in headless
 * Chromium): a few Adam steps lower the loss, and no step leaks a tensor. Sizes stay tiny for
 * SwiftShader.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describeBackends, expectClose } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { GRUCell } from '../cells/gru-cell.js';
import { LSTMCell } from '../cells/lstm-cell.js';
import { RNNCell } from '../cells/rnn-cell.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentBase, RecurrentForwardOptions, RecurrentOutput } from './recurrent-base.js';
import { RNN } from './rnn.js';

type Layer = RecurrentBase & { forward(x: tf.Tensor, o?: RecurrentForwardOptions): RecurrentOutput };
const I = 3;
const H = 4;
const T = 5;
const B = 2;
const STEPS = 2;

/** Fits the layer's outputs and final state to fixed random targets with Adam. */
async function trains(layer: Layer, lengths?: number[]): Promise<void> {
  const g = new Generator(3);
  const x = tf.tensor(g.normal(T * B * I), layer.batchFirst ? [B, T, I] : [T, B, I]);
  const F = layer.outSize * layer.numDirections;
  const target = tf.tensor(g.uniform(T * B * F, -0.5, 0.5), layer.batchFirst ? [B, T, F] : [T, B, F]);
  const opt = tf.train.adam(0.05);
  const step = async (): Promise<number> => {
    const cost = opt.minimize(() => {
      const { output, hN, cN } = layer.forward(x, { lengths });
      const extra = tf.add(tf.mean(tf.square(hN)), cN ? tf.mean(tf.square(cN)) : 0);
      return tf.add(tf.mean(tf.square(tf.sub(output, target))), tf.mul(0.1, extra)) as tf.Scalar;
    }, true, layer.parameters())!;
    const v = (await cost.data())[0]!;
    cost.dispose();
    return v;
  };
  // The first step creates Adam's moment variables: not a leak.
  const first = await step();
  let last = first;
  for (let k = 0; k < STEPS; k++) last = await expectNoLeaksAsync(step, `training step ${k}`);
  expect(Number.isFinite(last)).toBe(true);
  expect(last).toBeLessThan(first);
  opt.dispose();
  tf.dispose([x, target]);
  layer.dispose();
}

describeBackends('layers train', () => {
  const rng = () => new Generator(9);
  it('RNN (2 layers, bidirectional, dropout, variable lengths)', () =>
    trains(new RNN(I, H, { numLayers: 2, bidirectional: true, dropout: 0.2, rng: rng() }), [5, 3]));
  it('RNN relu, batchFirst', () => trains(new RNN(I, H, { nonlinearity: 'relu', batchFirst: true, rng: rng() })));
  // Stacking is generic (covered by the RNN above); one layer keeps GPU shader compiles down.
  it('LSTM (bidirectional, variable lengths)', () => trains(new LSTM(I, H, { bidirectional: true, rng: rng() }), [2, 5]));
  it('LSTM with projection', () => trains(new LSTM(I, H, { projSize: 2, rng: rng() })));
  it('peephole LSTM (per-step path)', () => trains(new LSTM(I, H, { peephole: true, rng: rng() }), [4, 5]));
  it('GRU (bidirectional, variable lengths)', () => trains(new GRU(I, H, { bidirectional: true, rng: rng() }), [5, 1]));
  it('GRU with the reset gate before the matmul (per-step path)', () => trains(new GRU(I, H, { resetBeforeMatmul: true, batchFirst: true, rng: rng() })));

  it('cells driven by a loop train', async () => {
    const g = new Generator(4);
    const cells = [new RNNCell(I, H, { rng: g }), new GRUCell(I, H, { rng: g }), new LSTMCell(I, H, { rng: g })];
    const xs = Array.from({ length: 3 }, () => tf.tensor2d(g.normal(B * I), [B, I]));
    const target = tf.tensor2d(g.uniform(B * H, -0.5, 0.5), [B, H]);
    for (const cell of cells) {
      const opt = tf.train.adam(0.05);
      const loss = () => {
        let h: tf.Tensor | undefined;
        let state: { h: tf.Tensor; c: tf.Tensor } | undefined;
        for (const x of xs) {
          if (cell instanceof LSTMCell) state = cell.step(x, state);
          else h = cell.step(x, h);
        }
        return tf.mean(tf.square(tf.sub(h ?? state!.h, target))) as tf.Scalar;
      };
      const run = async () => {
        const c = opt.minimize(loss, true, cell.parameters())!;
        const v = (await c.data())[0]!;
        c.dispose();
        return v;
      };
      const first = await run();
      let last = first;
      for (let k = 0; k < 2; k++) last = await expectNoLeaksAsync(run);
      expect(last).toBeLessThan(first);
      opt.dispose();
      cell.dispose();
    }
    tf.dispose([...xs, target]);
  });

  it('eval mode turns dropout off; a mask gives the same result as lengths', async () => {
    const layer = new GRU(I, H, { numLayers: 2, dropout: 0.5, rng: rng() }).eval();
    await expectNoLeaksAsync(async () => {
      const x = tf.randomNormal([T, B, I], 0, 1, 'float32', 1);
      const mask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], [B, T], 'bool');
      const a = layer.forward(x, { lengths: [3, 5] });
      const b = layer.forward(x, { mask });
      await expectClose(a.output, b.output, 0);
      await expectClose(a.hN, b.hN, 0);
      // Padded steps output zeros.
      const out = await a.output.data();
      for (let t = 3; t < T; t++) for (let j = 0; j < H; j++) expect(Math.abs(out[(t * B + 0) * H + j]!)).toBe(0);
      tf.dispose([x, mask, a.output, a.hN, b.output, b.hN]);
    });
    layer.dispose();
  });
});
