/**
 * Peephole LSTM and reset-before-matmul GRU have no PyTorch module: they are checked against the
 * formulas written directly in plain float64 JavaScript (test-support/plain.ts). Gradients are
 * checked against central finite differences of that plain code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator } from '@seqlab/core';
import { expectClose } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import { GRUCell } from '../cells/gru-cell.js';
import { LSTMCell } from '../cells/lstm-cell.js';
import { numericGrad, plainPeepholeLstm, plainResetBeforeGru, rows, type PlainWeights } from '../test-support/plain.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentBase } from './recurrent-base.js';

const I = 2;
const H = 3;
const T = 4;
const B = 2;
const lengths = [4, 2];

/** Flat float64 copies of a layer's parameters, by state-dict name. */
async function flatParams(layer: RecurrentBase | LSTMCell | GRUCell): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [k, p] of layer.namedParameters()) out[k] = Array.from(await p.data());
  return out;
}

function weightsOf(p: Record<string, number[]>, sfx: string, gates: number, inSize: number, peephole: boolean): PlainWeights {
  return {
    wIh: rows(p[`weight_ih${sfx}`]!, gates * H, inSize),
    wHh: rows(p[`weight_hh${sfx}`]!, gates * H, H),
    bIh: p[`bias_ih${sfx}`]!,
    bHh: p[`bias_hh${sfx}`]!,
    wCh: peephole ? rows(p[`weight_ch${sfx}`]!, 3 * H, H) : undefined,
  };
}

/** The bidirectional one-layer sequence in plain numbers with packed semantics; returns the loss parts. */
function plainBidirectional(
  p: Record<string, number[]>,
  x: number[],
  h0: number[],
  c0: number[],
  kind: 'lstm' | 'gru',
): { out: number[]; hN: number[]; cN: number[] } {
  const out = new Array<number>(T * B * 2 * H).fill(0);
  const hN = new Array<number>(2 * B * H).fill(0);
  const cN = new Array<number>(2 * B * H).fill(0);
  for (let d = 0; d < 2; d++) {
    const w = weightsOf(p, d === 1 ? '_l0_reverse' : '_l0', kind === 'lstm' ? 4 : 3, I, kind === 'lstm');
    for (let b = 0; b < B; b++) {
      const L = lengths[b]!;
      let xs = Array.from({ length: L }, (_, t) => Array.from({ length: I }, (_, i) => x[(t * B + b) * I + i]!));
      if (d === 1) xs = xs.reverse();
      const hb = h0.slice((d * B + b) * H, (d * B + b + 1) * H);
      const cb = c0.slice((d * B + b) * H, (d * B + b + 1) * H);
      const r = kind === 'lstm' ? plainPeepholeLstm(w, xs, hb, cb) : { ...plainResetBeforeGru(w, xs, hb), c: [] as number[] };
      const hs = d === 1 ? [...r.hs].reverse() : r.hs;
      hs.forEach((hv, t) => hv.forEach((v, j) => (out[(t * B + b) * 2 * H + d * H + j] = v)));
      r.h.forEach((v, j) => (hN[(d * B + b) * H + j] = v));
      r.c.forEach((v, j) => (cN[(d * B + b) * H + j] = v));
    }
  }
  return { out, hN, cN };
}

const dot = (a: number[], b: number[]): number => a.reduce((s, v, k) => s + v * b[k]!, 0);

async function checkLayer(layer: LSTM | GRU, kind: 'lstm' | 'gru'): Promise<void> {
  const g = new Generator(7);
  const x = Array.from(g.normal(T * B * I));
  const h0 = Array.from(g.normal(2 * B * H));
  const c0 = Array.from(g.normal(2 * B * H));
  const wOut = Array.from(g.normal(T * B * 2 * H));
  const wH = Array.from(g.normal(2 * B * H));
  const wC = Array.from(g.normal(2 * B * H));
  const p = await flatParams(layer);
  const loss = (): number => {
    const r = plainBidirectional(p, x, h0, c0, kind);
    return dot(r.out, wOut) + dot(r.hN, wH) + (kind === 'lstm' ? dot(r.cN, wC) : 0);
  };
  const ref = plainBidirectional(p, x, h0, c0, kind);
  await expectNoLeaksAsync(async () => {
    const xt = tf.tensor3d(x, [T, B, I]);
    const h0t = tf.tensor3d(h0, [2, B, H]);
    const c0t = tf.tensor3d(c0, [2, B, H]);
    const wo = tf.tensor3d(wOut, [T, B, 2 * H]);
    const wh = tf.tensor3d(wH, [2, B, H]);
    const wc = tf.tensor3d(wC, [2, B, H]);
    const run = () => (layer instanceof LSTM ? layer.forward(xt, { h0: h0t, c0: c0t, lengths }) : layer.forward(xt, { h0: h0t, lengths }));
    const o = run();
    await expectClose(o.output, ref.out, 1e-5);
    await expectClose(o.hN, ref.hN, 1e-5);
    if (o.cN) await expectClose(o.cN, ref.cN, 1e-5);
    tf.dispose([o.output, o.hN, o.cN ?? []].flat());
    const { value, grads } = tf.variableGrads(() => {
      const r = run();
      let l = tf.add(tf.sum(tf.mul(r.output, wo)), tf.sum(tf.mul(r.hN, wh)));
      if (r.cN) l = tf.add(l, tf.sum(tf.mul(r.cN, wc)));
      return l as tf.Scalar;
    }, layer.parameters());
    expect(Math.abs((await value.data())[0]! - loss())).toBeLessThan(1e-4);
    for (const [name, param] of layer.namedParameters()) {
      const fd = numericGrad(p[name]!, loss);
      await expectClose(grads[param.name]!, fd, 2e-4).catch((e: Error) => {
        throw new Error(`gradient of ${name}: ${e.message}`);
      });
    }
    tf.dispose([value, xt, h0t, c0t, wo, wh, wc, ...Object.values(grads)]);
  });
  layer.dispose();
}

describe('variants without a PyTorch module, against plain-number loops', () => {
  it('peephole LSTM (bidirectional, variable lengths): outputs, h_n, c_n and finite-difference gradients', async () => {
    const layer = new LSTM(I, H, { peephole: true, bidirectional: true, rng: new Generator(1) });
    expect(Object.keys(layer.stateDict())).toContain('weight_ch_l0_reverse');
    expect(layer.path).toBe('slow');
    await checkLayer(layer, 'lstm');
  });

  it('reset-before-matmul GRU (bidirectional, variable lengths): outputs, h_n and finite-difference gradients', async () => {
    const layer = new GRU(I, H, { resetBeforeMatmul: true, bidirectional: true, rng: new Generator(2) });
    await checkLayer(layer, 'gru');
  });

  it('LSTMCell with peephole driven by a loop equals the plain loop', async () => {
    const cell = new LSTMCell(I, H, { peephole: true, rng: new Generator(3) });
    const p = await flatParams(cell);
    const w: PlainWeights = { wIh: rows(p.weight_ih!, 4 * H, I), wHh: rows(p.weight_hh!, 4 * H, H), bIh: p.bias_ih!, bHh: p.bias_hh!, wCh: rows(p.weight_ch!, 3 * H, H) };
    const g = new Generator(4);
    const xs = Array.from({ length: 3 }, () => Array.from(g.normal(I)));
    const h0 = Array.from(g.normal(H));
    const c0 = Array.from(g.normal(H));
    const ref = plainPeepholeLstm(w, xs, h0, c0);
    await expectNoLeaksAsync(async () => {
      let state: { h: tf.Tensor; c: tf.Tensor } = { h: tf.tensor1d(h0), c: tf.tensor1d(c0) };
      for (const x of xs) {
        const xt = tf.tensor1d(x);
        const next = cell.step(xt, state);
        tf.dispose([xt, state.h, state.c]);
        state = next;
      }
      await expectClose(state.h, ref.h, 1e-6);
      await expectClose(state.c, ref.c, 1e-6);
      tf.dispose([state.h, state.c]);
    });
    cell.dispose();
  });

  it('GRUCell with the reset gate before the matmul equals the plain loop', async () => {
    const cell = new GRUCell(I, H, { resetBeforeMatmul: true, rng: new Generator(5) });
    const p = await flatParams(cell);
    const w: PlainWeights = { wIh: rows(p.weight_ih!, 3 * H, I), wHh: rows(p.weight_hh!, 3 * H, H), bIh: p.bias_ih!, bHh: p.bias_hh! };
    const g = new Generator(6);
    const xs = Array.from({ length: 3 }, () => Array.from(g.normal(I)));
    const h0 = Array.from(g.normal(H));
    const ref = plainResetBeforeGru(w, xs, h0);
    await expectNoLeaksAsync(async () => {
      let h: tf.Tensor = tf.tensor2d([h0]);
      for (const x of xs) {
        const xt = tf.tensor2d([x]);
        const next = cell.step(xt, h);
        tf.dispose([xt, h]);
        h = next;
      }
      await expectClose(h, ref.h, 1e-6);
      h.dispose();
    });
    cell.dispose();
  });
});
