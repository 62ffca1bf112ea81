import { expectNoLeaksAsync } from '@seqlab/core';
import { describeBackends, expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import fixtures from '../fixtures/positional.json' with { type: 'json' };
import { LearnedPositionalEmbedding } from './learned.js';
import { RotaryEmbedding } from './rotary.js';
import { sinusoidalTable, SinusoidalPositionalEncoding } from './sinusoidal.js';

interface SinCase { d_model: number; max_len: number; table: FixtureArray; input: FixtureArray; output: FixtureArray }
interface RopeCase { dim: number; offset: number; input: FixtureArray; output: FixtureArray }
const cases = fixtures.cases as unknown as Record<string, SinCase & RopeCase>;

/**
 * RoPE as complex numbers, straight from the paper: the pair (x_i, x_{i+d/2}) is the complex
 * number z = x_i + i·x_{i+d/2}, multiplied by e^{i·pos·θ_j}, θ_j = base^(-2j/d). x is [T][D].
 */
function ropeComplex(x: number[][], dim: number, offset: number, base = 10000, sign = 1): number[][] {
  const h = dim / 2;
  return x.map((row, t) => {
    const out = row.slice();
    for (let j = 0; j < h; j++) {
      const angle = sign * (offset + t) * base ** ((-2 * j) / dim);
      const [re, im] = [row[j]!, row[j + h]!];
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      out[j] = re * c - im * s; // Re(z·e^{iφ})
      out[j + h] = re * s + im * c; // Im(z·e^{iφ})
    }
    return out;
  });
}

describeBackends('positional encodings', () => {
  it('sinusoidal table equals the PyTorch tutorial PositionalEncoding (d = 16 and d = 6, 300 positions)', async () => {
    for (const name of ['sinusoidal_d16', 'sinusoidal_d6']) {
      const c = cases[name]!;
      // Host table: float32-exact steps, so at most an ulp of sin/cos from PyTorch's.
      // PyTorch's float32 exp (SLEEF, <= 1 ulp) can differ from the correctly rounded div_term
      // by an ulp, which moves sin/cos by ~1e-6 at position ~300: hence 1e-5, not 1e-7.
      await expectClose(Array.from(sinusoidalTable(c.max_len, c.d_model)), c.table, 1e-5);
      await expectNoLeaksAsync(async () => {
        const pe = new SinusoidalPositionalEncoding(c.d_model, { maxLen: c.max_len, batchFirst: false });
        const x = fromFixture(c.input);
        const y = pe.forward(x);
        await expectClose(y, c.output, 1e-5);
        // offset o: the same as slicing rows o.. of the full table.
        const e = pe.encoding(4, 7);
        await expectClose(e, { shape: [4, c.d_model], data: c.table.data.slice(7 * c.d_model, 11 * c.d_model) }, 1e-6);
        tf.dispose([x, y, e]);
        pe.dispose();
      });
    }
  });

  it('sinusoidal forward with offset equals the full sequence sliced (batch-first and unbatched)', async () => {
    const pe = new SinusoidalPositionalEncoding(8, { maxLen: 32 });
    await expectNoLeaksAsync(async () => {
      const x = tf.randomNormal([2, 10, 8], 0, 1, 'float32', 1);
      const full = pe.forward(x);
      const [xTail, fullTail, xOne, fullOne] = tf.tidy(() => [
        tf.slice(x, [0, 6, 0], [2, 4, 8]),
        tf.slice(full, [0, 6, 0], [2, 4, 8]),
        tf.reshape(tf.slice(x, [1, 3, 0], [1, 1, 8]), [1, 8]),
        tf.reshape(tf.slice(full, [1, 3, 0], [1, 1, 8]), [1, 8]),
      ]);
      const tail = pe.forward(xTail!, { offset: 6 });
      await expectClose(tail, fullTail!, 1e-6);
      const one = pe.forward(xOne!, { offset: 3 });
      await expectClose(one, fullOne!, 1e-6);
      tf.dispose([x, full, tail, one, xTail!, fullTail!, xOne!, fullOne!]);
    });
    expect(Object.keys(pe.stateDict())).toEqual([]);
    pe.dispose();
  });

  it('learned: offsets equal slicing; only the used rows get gradient; Adam trains with no leaks', async () => {
    const pos = new LearnedPositionalEmbedding(12, 4);
    const x = tf.randomNormal([3, 5, 4], 0, 1, 'float32', 2);
    await expectNoLeaksAsync(async () => {
      const full = pos.forward(x);
      const [xTail, fullTail] = tf.tidy(() => [tf.slice(x, [0, 2, 0], [3, 3, 4]), tf.slice(full, [0, 2, 0], [3, 3, 4])]);
      const tail = pos.forward(xTail!, { offset: 2 });
      await expectClose(tail, fullTail!, 1e-6);
      tf.dispose([xTail!, fullTail!]);
      const w = await pos.weight.array() as number[][];
      const xs = await x.array() as number[][][];
      await expectClose(full, xs.flatMap((b) => b.flatMap((row, t) => row.map((v, j) => v + w[t]![j]!))), 1e-6);
      const head = tf.slice(x, [0, 0, 0], [3, 2, 4]);
      const { grads, value } = tf.variableGrads(() => tf.sum(pos.forward(head, { offset: 4 })) as tf.Scalar);
      head.dispose();
      const g = await grads[pos.weight.name]!.array() as number[][];
      g.forEach((row, r) => row.forEach((v) => expect(v).toBe(r === 4 || r === 5 ? 3 : 0)));
      tf.dispose([full, tail, value, ...Object.values(grads)]);
    });
    const target = tf.zeros([3, 5, 4]);
    const opt = tf.train.adam(0.1);
    const losses: number[] = [];
    const step = async (): Promise<void> => {
      const l = opt.minimize(() => tf.mean(tf.square(tf.sub(pos.forward(x), target))) as tf.Scalar, true, pos.parameters());
      losses.push((await l!.data())[0]!);
      l!.dispose();
    };
    await step();
    for (let i = 0; i < 5; i++) await expectNoLeaksAsync(step, `step ${i + 2}`);
    expect(losses[5]!).toBeLessThan(losses[0]!);
    tf.dispose([x, target]);
    opt.dispose();
    pos.dispose();
  });

  it('rotary equals the complex-number formula and the rotate_half reference, at offsets 0 and 37', async () => {
    for (const name of ['rope', 'rope_offset']) {
      const c = cases[name]!;
      const rope = new RotaryEmbedding(c.dim, { maxLen: 16 }); // offset 37 grows the tables
      await expectNoLeaksAsync(async () => {
        const x = fromFixture(c.input);
        const y = rope.apply(x, { offset: c.offset });
        await expectClose(y, c.output, 1e-5);
        const rows = (await x.array()) as number[][][][];
        const expected = rows.flatMap((b) => b.flatMap((hd) => ropeComplex(hd, c.dim, c.offset).flat()));
        await expectClose(y, expected, 1e-5);
        tf.dispose([x, y]);
      });
      rope.dispose();
    }
  });

  it('rotary: partial rotation, offsets equal slicing, relative positions, gradient = inverse rotation', async () => {
    const rope = new RotaryEmbedding(4, { base: 500 });
    await expectNoLeaksAsync(async () => {
      // D = 6 > dim = 4: the last two features pass through.
      const x = tf.randomNormal([2, 7, 6], 0, 1, 'float32', 3);
      const y = rope.apply(x);
      const xs = (await x.array()) as number[][][];
      await expectClose(y, xs.flatMap((b) => ropeComplex(b, 4, 0, 500).flat()), 1e-5);
      const [xTail, yTail] = tf.tidy(() => [tf.slice(x, [0, 3, 0], [2, 4, 6]), tf.slice(y, [0, 3, 0], [2, 4, 6])]);
      const tail = rope.apply(xTail!, { offset: 3 });
      await expectClose(tail, yTail!, 1e-6);
      tf.dispose([xTail!, yTail!]);
      // <rope(q, m), rope(k, n)> depends on m - n only.
      const q = tf.slice(x, [0, 0, 0], [1, 1, 6]);
      const k = tf.slice(x, [1, 0, 0], [1, 1, 6]);
      const dotAt = async (m: number, n: number): Promise<number> => {
        const d = tf.tidy(() => tf.sum(tf.mul(rope.apply(q, { offset: m }), rope.apply(k, { offset: n }))));
        const v = (await d.data())[0]!;
        d.dispose();
        return v;
      };
      expect(await dotAt(5, 2)).toBeCloseTo(await dotAt(13, 10), 4);
      // d/dx Σ rope(x)·w = rope⁻¹(w): rotation by the opposite angle (the rest passes w through).
      const w = tf.randomNormal([2, 7, 6], 0, 1, 'float32', 4);
      const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(rope.apply(xx), w)))(x);
      const ws = (await w.array()) as number[][][];
      await expectClose(g, ws.flatMap((b) => ropeComplex(b, 4, 0, 500, -1).flat()), 1e-5);
      tf.dispose([x, y, tail, q, k, w, g]);
    });
    rope.dispose();
  });
});
