import { expectNoLeaksAsync, type Module } from '@seqlab/core';
import { describeBackends, expectClose } from '@seqlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { RnnAttentionCallOptions, RnnAttentionResult } from './additive-common.js';
import { BahdanauAttention } from './bahdanau.js';
import { LuongAttention } from './luong.js';
import { finiteDiff, reference, referenceLoss, type RefOptions, type RefParams, type Seq } from './test-helpers/reference.js';

type Attn = Module & {
  forward(q: tf.Tensor, k: tf.Tensor, o?: RnnAttentionCallOptions & { projectedKeys?: tf.Tensor }): RnnAttentionResult & { positions?: tf.Tensor };
  projectKeys(k: tf.Tensor): tf.Tensor;
};

/** State-dict name -> field of the plain-number reference. */
const REF_NAME: Record<string, keyof RefParams> = {
  'query_layer.weight': 'Wq',
  'key_layer.weight': 'Wk',
  'key_layer.bias': 'bk',
  'energy_layer.weight': 'v',
  'linear_in.weight': 'Wa',
  'position_layer.weight': 'Wp',
  'position_energy.weight': 'vp',
};

const B = 2;
const S = 7;
const Tq = 3;
const MASK = [
  [true, true, true, true, true, true, true],
  [true, true, true, true, false, false, false],
];

interface Setup {
  step: boolean;
  masked: boolean;
  projected?: boolean;
  Hq: number;
  Hk: number;
}

/** Forward values and every gradient (parameters and query) against the float64 reference loop. */
async function checkAgainstLoop(attn: Attn, ref: Omit<RefOptions, 'mask'>, s: Setup): Promise<void> {
  const Hv = 3;
  await expectNoLeaksAsync(async () => {
    const q = tf.randomNormal(s.step ? [B, s.Hq] : [B, Tq, s.Hq], 0, 1, 'float32', 11);
    const keys = tf.randomNormal([B, S, s.Hk], 0, 1, 'float32', 12);
    const values = tf.randomNormal([B, S, Hv], 0, 1, 'float32', 13);
    const mask = s.masked ? tf.tensor2d(MASK, [B, S], 'bool') : undefined;
    const T = s.step ? 1 : Tq;
    const wc = tf.randomNormal(s.step ? [B, Hv] : [B, T, Hv], 0, 1, 'float32', 14);
    const ww = tf.randomNormal(s.step ? [B, S] : [B, T, S], 0, 1, 'float32', 15);
    const pk = s.projected ? attn.projectKeys(keys) : undefined;
    const call = { values, ...(mask ? { mask } : {}), ...(pk ? { projectedKeys: pk } : {}) };
    const r = attn.forward(q, keys, call);

    const asSeq = async (x: tf.Tensor): Promise<Seq> => (s.step ? ((await x.array()) as number[][]).map((row) => [row]) : ((await x.array()) as Seq));
    const qa = await asSeq(q);
    const ka = (await keys.array()) as Seq;
    const va = (await values.array()) as Seq;
    const params: RefParams = {};
    for (const [name, p] of attn.namedParameters()) (params as Record<string, unknown>)[REF_NAME[name]!] = await p.array();
    const opts: RefOptions = { ...ref, ...(s.masked ? { mask: MASK } : {}) };
    const expected = reference(qa, ka, va, params, opts);
    const flat = (x: Seq): number[] => x.flat(2);
    await expectClose(r.context, flat(expected.context), 1e-5);
    await expectClose(r.weights, flat(expected.weights), 1e-5);
    if (ref.windowD !== undefined) await expectClose(r.positions!, expected.positions.flat(), 1e-5);
    expect(s.step ? r.context.shape : r.context.shape).toEqual(s.step ? [B, Hv] : [B, T, Hv]);

    // Gradients: tfjs autodiff (through the hand-written softmax gradient) vs finite differences.
    const wcA = await asSeq(wc);
    const wwA = await asSeq(ww);
    const refLoss = (): number => referenceLoss(reference(qa, ka, va, params, opts), wcA, wwA);
    const lossOf = (qq: tf.Tensor, kk: tf.Tensor): tf.Scalar => {
      // projectedKeys is computed inside so that gradients reach the key projection and the keys.
      const o = attn.forward(qq, kk, { ...call, ...(s.projected ? { projectedKeys: attn.projectKeys(kk) } : {}) });
      return tf.add(tf.sum(tf.mul(o.context, wc)), tf.sum(tf.mul(o.weights, ww))) as tf.Scalar;
    };
    const named = attn.namedParameters();
    if (named.length) {
      const { value, grads } = tf.variableGrads(() => lossOf(q, keys), attn.parameters());
      await expectClose([(await value.data())[0]!], [refLoss()], 1e-4);
      for (const [name, p] of named) {
        const fd = finiteDiff(refLoss, params[REF_NAME[name]!] as number[][]);
        await expectClose(grads[p.name]!, fd, 2e-4).catch((e: Error) => {
          throw new Error(`gradient of ${name}: ${e.message}`);
        });
      }
      tf.dispose([value, ...Object.values(grads)]);
    }
    const [gq, gk] = tf.grads(lossOf)([q, keys]);
    await expectClose(gq!, finiteDiff(refLoss, qa), 2e-4);
    await expectClose(gk!, finiteDiff(refLoss, ka), 2e-4);
    tf.dispose([gq!, gk!, q, keys, values, wc, ww, r.context, r.weights, ...(r.positions ? [r.positions] : []), ...(mask ? [mask] : []), ...(pk ? [pk] : [])]);
  });
  attn.dispose();
}

/** A few Adam steps on a toy regression lower the loss; no leaks per step. */
async function checkTrains(attn: Attn, Hq: number, Hk: number): Promise<void> {
  const opt = tf.train.adam(0.05);
  const q = tf.randomNormal([B, Tq, Hq], 0, 1, 'float32', 21);
  const keys = tf.randomNormal([B, S, Hk], 0, 1, 'float32', 22);
  const mask = tf.tensor2d(MASK, [B, S], 'bool');
  const target = tf.tidy(() => tf.oneHot(tf.tensor2d([[0, 3, 6], [1, 2, 3]], [B, Tq], 'int32'), S));
  const losses: number[] = [];
  const step = async (): Promise<void> => {
    const loss = opt.minimize(() => {
      const { weights } = attn.forward(q, keys, { mask });
      return tf.mean(tf.square(tf.sub(weights, target))) as tf.Scalar;
    }, true, attn.trainableParameters());
    losses.push((await loss!.data())[0]!);
    loss!.dispose();
  };
  await step();
  for (let i = 0; i < 9; i++) await expectNoLeaksAsync(step, `step ${i + 2}`);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  tf.dispose([q, keys, mask, target]);
  opt.dispose();
  attn.dispose();
}

describeBackends('BahdanauAttention and LuongAttention match a direct loop over numbers', (backend) => {
  // Browser (SwiftShader shader compiles are slow): one case per module family, plus the
  // fully-masked and training checks; node runs every case.
  const all = !(backend === 'webgl' || backend === 'webgpu');
  const itAll = (name: string, fn: () => Promise<void>): void => {
    if (all) it(name, fn);
  };
  it('Bahdanau, one decoder step [B, Hq], mask, precomputed keys', () =>
    checkAgainstLoop(new BahdanauAttention(4, 5, { attnDim: 6 }) as Attn, { score: 'additive' }, { step: true, masked: true, projected: true, Hq: 4, Hk: 5 }));
  itAll('Bahdanau, many steps [B, Tq, Hq], key bias, no mask', () =>
    checkAgainstLoop(new BahdanauAttention(4, 5, { bias: true }) as Attn, { score: 'additive' }, { step: false, masked: false, Hq: 4, Hk: 5 }));
  itAll('Luong dot, global, mask', () =>
    checkAgainstLoop(new LuongAttention(4, 4, { score: 'dot' }) as Attn, { score: 'dot' }, { step: false, masked: true, Hq: 4, Hk: 4 }));
  itAll('Luong general, global, one step, precomputed keys', () =>
    checkAgainstLoop(new LuongAttention(4, 5, { score: 'general' }) as Attn, { score: 'general' }, { step: true, masked: true, projected: true, Hq: 4, Hk: 5 }));
  itAll('Luong concat, global', () =>
    checkAgainstLoop(new LuongAttention(4, 5, { score: 'concat', attnDim: 3 }) as Attn, { score: 'additive' }, { step: false, masked: true, Hq: 4, Hk: 5 }));
  it('Luong general, local-p (D = 2): window, Gaussian and predicted positions', () =>
    checkAgainstLoop(new LuongAttention(4, 5, { score: 'general', local: { windowD: 2, positionDim: 3 } }) as Attn, { score: 'general', windowD: 2 }, { step: false, masked: true, Hq: 4, Hk: 5 }));
  itAll('Luong dot, local-p, one step, no mask', () =>
    checkAgainstLoop(new LuongAttention(4, 4, { score: 'dot', local: { windowD: 1 } }) as Attn, { score: 'dot', windowD: 1 }, { step: true, masked: false, Hq: 4, Hk: 4 }));

  it('a fully masked row gives zero weights and context, not NaN', async () => {
    for (const attn of [new BahdanauAttention(4, 4), new LuongAttention(4, 4, { score: 'dot' }), new LuongAttention(4, 4, { local: { windowD: 2 } })] as Attn[]) {
      await expectNoLeaksAsync(async () => {
        const q = tf.randomNormal([2, 4], 0, 1, 'float32', 1);
        const k = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2);
        const mask = tf.tensor2d([[true, false, true], [false, false, false]], [2, 3], 'bool');
        const r = attn.forward(q, k, { mask });
        expect(Array.from(await r.weights.data()).slice(3)).toEqual([0, 0, 0]);
        expect(Array.from(await r.context.data()).slice(4)).toEqual([0, 0, 0, 0]);
        tf.dispose([q, k, mask, r.context, r.weights, ...(r.positions ? [r.positions] : [])]);
      });
      attn.dispose();
    }
  });

  it('Bahdanau trains (Adam), no leaks', () => checkTrains(new BahdanauAttention(4, 5) as Attn, 4, 5));
  itAll('Luong general trains (Adam), no leaks', () => checkTrains(new LuongAttention(4, 5) as Attn, 4, 5));
  it('Luong concat local-p trains (Adam), no leaks', () => checkTrains(new LuongAttention(4, 5, { score: 'concat', local: { windowD: 3 } }) as Attn, 4, 5));
});
