import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator, loadWeights, saveWeights, StateDictError } from '@seqlab/core';
import { expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import expected from '../../fixtures/lstm_proj_safetensors.json' with { type: 'json' };
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { RNN } from './rnn.js';

const ref = expected.cases.lstm as unknown as Record<'input' | 'output' | 'h_n' | 'c_n', FixtureArray>;

describe('PyTorch weights and state dicts', () => {
  it('an nn.LSTM(proj_size) state_dict saved by PyTorch as safetensors loads unchanged and gives PyTorch outputs', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/lstm_proj.safetensors', import.meta.url)));
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2 });
    expect(loadWeights(lstm, bytes)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    await expectNoLeaksAsync(async () => {
      const x = fromFixture(ref.input);
      const { output, hN, cN } = lstm.forward(x);
      await expectClose(output, ref.output);
      await expectClose(hN, ref.h_n);
      await expectClose(cN, ref.c_n);
      tf.dispose([x, output, hN, cN]);
    });
    // And back: our file has the same names and shapes.
    const again = new LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2 });
    loadWeights(again, saveWeights(lstm));
    for (const [k, v] of Object.entries(lstm.stateDict())) await expectClose(again.stateDict()[k]!, v, 0);
    lstm.dispose();
    again.dispose();
  });

  it('names, order and shapes follow nn.LSTM / nn.GRU / nn.RNN', () => {
    const shapes = (m: { stateDict(): Record<string, tf.Tensor> }) => Object.entries(m.stateDict()).map(([k, v]) => `${k}:${v.shape.join('x')}`);
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2 });
    expect(shapes(lstm)).toEqual([
      'weight_ih_l0:16x3', 'weight_hh_l0:16x2', 'bias_ih_l0:16', 'bias_hh_l0:16', 'weight_hr_l0:2x4',
      'weight_ih_l0_reverse:16x3', 'weight_hh_l0_reverse:16x2', 'bias_ih_l0_reverse:16', 'bias_hh_l0_reverse:16', 'weight_hr_l0_reverse:2x4',
      'weight_ih_l1:16x4', 'weight_hh_l1:16x2', 'bias_ih_l1:16', 'bias_hh_l1:16', 'weight_hr_l1:2x4',
      'weight_ih_l1_reverse:16x4', 'weight_hh_l1_reverse:16x2', 'bias_ih_l1_reverse:16', 'bias_hh_l1_reverse:16', 'weight_hr_l1_reverse:2x4',
    ]);
    const gru = new GRU(5, 6, { bias: false });
    expect(shapes(gru)).toEqual(['weight_ih_l0:18x5', 'weight_hh_l0:18x6']);
    const rnn = new RNN(2, 3, { numLayers: 2 });
    expect(shapes(rnn)).toEqual(['weight_ih_l0:3x2', 'weight_hh_l0:3x3', 'bias_ih_l0:3', 'bias_hh_l0:3', 'weight_ih_l1:3x3', 'weight_hh_l1:3x3', 'bias_ih_l1:3', 'bias_hh_l1:3']);
    // A mis-shaped key is reported with both shapes and nothing is loaded.
    const bad = { ...rnn.stateDict(), weight_hh_l1: tf.zeros([3, 4]) };
    expect(() => rnn.loadStateDict(bad)).toThrow(StateDictError);
    expect(() => rnn.loadStateDict(bad)).toThrow(/size mismatch for weight_hh_l1: expected \[3, 3\], got \[3, 4\]/);
    bad.weight_hh_l1.dispose();
    [lstm, gru, rnn].forEach((m) => m.dispose());
  });

  it('init is U(-1/sqrt(H), 1/sqrt(H)) for every parameter, reproducible by seed', async () => {
    const a = new GRU(8, 16, { rng: new Generator(1) });
    const b = new GRU(8, 16, { rng: new Generator(1) });
    for (const [k, p] of a.namedParameters()) {
      const v = await p.data();
      const bound = 1 / Math.sqrt(16);
      expect(Math.max(...v)).toBeLessThanOrEqual(bound);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-bound);
      expect(Math.max(...v)).toBeGreaterThan(bound * 0.8);
      await expectClose(b.stateDict()[k]!, p, 0);
    }
    a.dispose();
    b.dispose();
  });

  it('unbatched input [T, I] equals a batch of one', async () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, rng: new Generator(2) });
    await expectNoLeaksAsync(async () => {
      const x = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
      const h0 = tf.randomNormal([4, 4], 0, 1, 'float32', 4);
      const c0 = tf.randomNormal([4, 4], 0, 1, 'float32', 5);
      const u = lstm.forward(x, { h0, c0 });
      const xb = tf.expandDims(x, 1);
      const h0b = tf.expandDims(h0, 1);
      const c0b = tf.expandDims(c0, 1);
      const bt = lstm.forward(xb, { h0: h0b, c0: c0b });
      expect(u.output.shape).toEqual([5, 8]);
      expect(u.hN.shape).toEqual([4, 4]);
      const squeezed = [bt.output, bt.hN, bt.cN].map((t) => tf.squeeze(t, [1]));
      await expectClose(u.output, squeezed[0]!, 0);
      await expectClose(u.hN, squeezed[1]!, 0);
      await expectClose(u.cN, squeezed[2]!, 0);
      tf.dispose([x, h0, c0, xb, h0b, c0b, u.output, u.hN, u.cN, bt.output, bt.hN, bt.cN, ...squeezed]);
    });
    lstm.dispose();
  });
});
