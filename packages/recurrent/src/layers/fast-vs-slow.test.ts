/**
 * The fast path (one input matmul for all steps, hand-written backward through time) against the
 * per-step reference path, on random inputs: forward values and every gradient within 1e-6.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { describeBackends, expectClose } from '@seqlab/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { useFusedKernels } from '../fast/fused.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentBase, RecurrentForwardOptions, RecurrentOutput, RecurrentPath } from './recurrent-base.js';
import { RNN } from './rnn.js';

type Layer = RecurrentBase & { forward(x: tf.Tensor, o?: RecurrentForwardOptions & { c0?: tf.Tensor }): RecurrentOutput };

const I = 5;
const H = 8; // a multiple of 4: on wasm the SIMD step kernels run
const T0 = 7;
const B0 = 3;
const ATOL = 1e-6;

async function compare(layer: Layer, opts: { lengths?: number[]; withState?: boolean; T?: number; B?: number }): Promise<void> {
  const T = opts.T ?? T0;
  const B = opts.B ?? B0;
  const g = new Generator(11);
  const LD = layer.numLayers * layer.numDirections;
  const xShape = layer.batchFirst ? [B, T, I] : [T, B, I];
  await expectNoLeaksAsync(async () => {
    const x = variableOf(g.normal(T * B * I), xShape);
    const h0 = variableOf(g.normal(LD * B * layer.outSize), [LD, B, layer.outSize]);
    const c0 = variableOf(g.normal(LD * B * H), [LD, B, H]);
    const isLstm = layer instanceof LSTM;
    const states = opts.withState ? (isLstm ? { h0, c0 } : { h0 }) : {};
    const run = (path: RecurrentPath) => {
      const vars = [...layer.parameters(), x, ...(opts.withState ? [h0] : []), ...(opts.withState && isLstm ? [c0] : [])];
      const seed = 3;
      const { value, grads } = tf.variableGrads(() => {
        const o = layer.forward(x, { ...states, lengths: opts.lengths, path });
        // A fixed random weighting of every output, so every gradient path is exercised.
        const w = (t: tf.Tensor, k: number) => tf.sum(tf.mul(t, tf.randomNormal(t.shape, 0, 1, 'float32', seed + k)));
        let loss = tf.add(w(o.output, 0), w(o.hN, 1));
        if (o.cN) loss = tf.add(loss, w(o.cN, 2));
        return loss as tf.Scalar;
      }, vars);
      const o = layer.forward(x, { ...states, lengths: opts.lengths, path });
      return { o, grads: vars.map((v) => grads[v.name]!), value };
    };
    const names = layer.namedParameters().map(([n]) => n);
    const fast = run('fast');
    const slow = run('slow');
    await expectClose(fast.value, slow.value, 1e-5);
    await expectClose(fast.o.output, slow.o.output, ATOL);
    await expectClose(fast.o.hN, slow.o.hN, ATOL);
    if (fast.o.cN) await expectClose(fast.o.cN, slow.o.cN!, ATOL);
    for (let k = 0; k < fast.grads.length; k++) {
      // A weight gradient sums T·B·layers terms; float32 rounding of that sum scales with the
      // terms, so the tolerance is 1e-6 relative to the tensor's largest entry (at least 1e-6).
      const scale = Math.max(1, ...(await slow.grads[k]!.data()).map(Math.abs));
      await expectClose(fast.grads[k]!, slow.grads[k]!, ATOL * scale).catch((e: Error) => {
        throw new Error(`gradient ${k} (${k < names.length ? names[k] : 'input / state'}): ${e.message}`);
      });
    }
    for (const r of [fast, slow]) tf.dispose([r.o.output, r.o.hN, r.o.cN ?? [], r.value, r.grads].flat());
    tf.dispose([x, h0, c0]);
  });
  layer.dispose();
}

function variableOf(data: Float32Array, shape: number[]): tf.Variable {
  const t = tf.tensor(data, shape);
  const v = tf.variable(t);
  t.dispose();
  return v;
}

const rng = () => new Generator(5);
const deep = { numLayers: 2, bidirectional: true };

describeBackends('fast path equals the per-step path (forward and backward, 1e-6)', () => {
  for (const fused of [true, false]) {
    describe(fused ? 'fused kernels (cpu, wasm)' : 'composite ops (what webgl / webgpu run)', () => {
      beforeAll(() => useFusedKernels(fused));
      afterAll(() => useFusedKernels(true));
      it('RNN tanh, 2 layers, bidirectional, variable lengths, h0', () => compare(new RNN(I, H, { ...deep, rng: rng() }), { lengths: [7, 3, 5], withState: true }));
      it('RNN relu, batchFirst, full lengths', () => compare(new RNN(I, H, { ...deep, rng: rng(), nonlinearity: 'relu', batchFirst: true }), {}));
      it('LSTM, 2 layers, bidirectional, variable lengths, h0 and c0', () => compare(new LSTM(I, H, { ...deep, rng: rng() }), { lengths: [2, 7, 4], withState: true }));
      it('LSTM with projection, batchFirst, variable lengths', () =>
        compare(new LSTM(I, H, { ...deep, rng: rng(), projSize: 3, batchFirst: true }), { lengths: [7, 1, 6], withState: true }));
      it('LSTM, one layer, no state', () => compare(new LSTM(I, H, { rng: rng() }), {}));
      it('GRU, 2 layers, bidirectional, variable lengths, h0', () => compare(new GRU(I, H, { ...deep, rng: rng() }), { lengths: [5, 7, 1], withState: true }));
      it('GRU without bias, batchFirst', () => compare(new GRU(I, H, { ...deep, rng: rng(), bias: false, batchFirst: true }), { withState: true }));
      it('one time step, batch of one (every layer kind)', async () => {
        await compare(new RNN(I, H, { ...deep, rng: rng() }), { T: 1, B: 1, withState: true });
        await compare(new LSTM(I, H, { ...deep, rng: rng(), projSize: 2 }), { T: 1, B: 1, withState: true });
        await compare(new GRU(I, H, { ...deep, rng: rng() }), { T: 1, B: 1, withState: true });
      });
    });
  }
});
