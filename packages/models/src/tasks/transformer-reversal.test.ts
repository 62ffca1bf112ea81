import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, expectNoLeaksAsync, Generator, manualSeed } from '@seqlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greedyDecode } from '../decoding/greedy.js';
import { BOS, EOS, PAD, randomDigits, reversalBatch, VOCAB } from './reversal.test-helper.js';
import { TransformerSeq2Seq } from './transformer-seq2seq.js';

// The acceptance test of issue 5 for TransformerSeq2Seq: reverse random digit strings of length
// 5-15, >= 99% exact match (greedy decoding) on held-out strings within a bounded number of
// steps, on the wasm backend, seeded and deterministic. Seeds 0, 1 and 2 were checked (README);
// SEQLAB_REVERSAL_SEED picks another one.
const SEED = Number(process.env.SEQLAB_REVERSAL_SEED ?? 0);
const BATCH = 64;
const MAX_STEPS = 600;
const WARMUP = 40;
const LR = 4e-3;
const EVAL_EVERY = 25;
const HELD_OUT = 200;

/** Fraction of rows whose every target position (EOS included) is predicted right, teacher-forced. */
async function teacherForcedExactMatch(m: TransformerSeq2Seq, seqs: number[][]): Promise<number> {
  const { src, tgtIn, tgtOut } = reversalBatch(seqs);
  const pred = tf.tidy(() => tf.argMax(m.forward(src, tgtIn), -1));
  const [p, y] = [await pred.array(), await tgtOut.array()] as number[][][];
  tf.dispose([src, tgtIn, tgtOut, pred]);
  return p!.filter((row, i) => y![i]!.every((t, j) => t === -100 || t === row[j])).length / seqs.length;
}

describe('TransformerSeq2Seq learns to reverse digit strings [wasm]', () => {
  let previous = '';
  beforeAll(async () => {
    previous = tf.getBackend();
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it(`reaches >= 99% greedy exact match on ${HELD_OUT} held-out strings within ${MAX_STEPS} steps (seed ${SEED})`, async () => {
    manualSeed(SEED);
    const m = new TransformerSeq2Seq({ srcVocab: VOCAB, tgtVocab: VOCAB, padId: PAD, dModel: 64, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 128, dropout: 0, maxLen: 32, normFirst: true, rng: new Generator(SEED) });
    // Validation (early stop) and test strings come from their own stream and never appear in training.
    const heldRng = new Generator(1_000_000 + SEED);
    const validation = Array.from({ length: HELD_OUT }, () => randomDigits(heldRng));
    const test = Array.from({ length: HELD_OUT }, () => randomDigits(heldRng));
    const held = new Set([...validation, ...test].map((s) => s.join(',')));
    const data = new Generator(2_000_000 + SEED);
    const trainBatch = () => {
      const out: number[][] = [];
      while (out.length < BATCH) {
        const s = randomDigits(data);
        if (!held.has(s.join(','))) out.push(s);
      }
      return out;
    };
    const opt = tf.train.adam(LR, 0.9, 0.98, 1e-9);
    const setLr = (lr: number) => ((opt as unknown as { learningRate: number }).learningRate = lr);
    const losses: number[] = [];
    let steps = 0;
    let validationEm = 0;
    while (steps < MAX_STEPS && validationEm < 0.995) {
      steps++;
      // Linear warm-up, then linear decay to 10% at MAX_STEPS (settles the last errors).
      setLr(LR * Math.min(steps / WARMUP, 1 - (0.9 * (steps - WARMUP)) / (MAX_STEPS - WARMUP)));
      const step = async () => {
        const { src, tgtIn, tgtOut } = reversalBatch(trainBatch());
        const cost = opt.minimize(() => crossEntropy(m.forward(src, tgtIn), tgtOut) as tf.Scalar, true, m.parameters())!;
        const v = (await cost.data())[0]!;
        tf.dispose([src, tgtIn, tgtOut, cost]);
        return v;
      };
      // Adam creates its moment variables on the first step; every later step must leave none.
      const loss = steps === 1 ? await step() : await expectNoLeaksAsync(step);
      losses.push(loss);
      if (steps % EVAL_EVERY === 0 && steps >= 100) {
        m.eval();
        validationEm = await teacherForcedExactMatch(m, validation);
        m.train();
      }
    }
    opt.dispose();
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10);

    // The claim itself: greedy decoding (KV cache) on strings never seen in training or validation.
    m.eval();
    const { src } = reversalBatch(test);
    const state = m.encode(src);
    const hyps = await expectNoLeaksAsync(() => greedyDecode(m, state, test.length, { bosId: BOS, eosId: EOS, maxLength: 17, returnAttention: false }));
    m.disposeState(state);
    src.dispose();
    const exact = hyps.filter((h, i) => h.tokens.join(',') === [...[...test[i]!].reverse(), EOS].join(',')).length / test.length;
    console.log(`reversal seed ${SEED}: ${steps} steps, final loss ${losses.at(-1)!.toFixed(4)}, validation EM ${validationEm.toFixed(3)}, greedy test EM ${exact.toFixed(3)}`);
    expect(exact).toBeGreaterThanOrEqual(0.99);
    expect(steps).toBeLessThanOrEqual(MAX_STEPS);
    m.dispose();
  }, 1_800_000);
});
