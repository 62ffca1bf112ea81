import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, Generator, manualSeed } from '@seqlab/core';
import { greedyDecode } from '../decoding/greedy.js';
import { BOS, EOS, PAD, randomDigits, reversalBatch, VOCAB } from './reversal.test-helper.js';
import { Seq2SeqAttention } from './seq2seq-attention.js';
import type { Seq2SeqAttentionConfig } from './seq2seq-attention-config.js';

/** A tiny model over the reversal vocabulary (embedding 8, hidden 12, no dropout) for unit tests. */
export const smallSeq2SeqAttention = (cfg: Partial<Seq2SeqAttentionConfig> = {}): Seq2SeqAttention =>
  new Seq2SeqAttention({ srcVocab: VOCAB, tgtVocab: VOCAB, padId: PAD, embeddingDim: 8, hiddenSize: 12, dropout: 0, maxLen: 32, rng: new Generator(0), ...cfg });

/** Settings of one reversal-task run. */
export interface ReversalRun {
  seed: number;
  model: Omit<Seq2SeqAttentionConfig, 'srcVocab' | 'tgtVocab' | 'padId' | 'rng'>;
  batch: number;
  lr: number;
  /** Learning rate decays linearly from `lr` to `lr · lrFloor` over `decaySteps`, then stays there (default 1: constant). */
  lrFloor?: number;
  /** Length of the decay (default `maxSteps`). */
  decaySteps?: number;
  maxSteps: number;
  evalEvery: number;
  heldOut: number;
  target: number;
  /** Called after each evaluation (progress output). */
  onEval?: (e: { step: number; loss: number; accuracy: number }) => void;
}

/** What a run reached. */
export interface ReversalResult {
  steps: number;
  accuracy: number;
  history: { step: number; loss: number; accuracy: number }[];
}

/** Exact-match accuracy of greedy decoding on `seqs` (each row's output must equal its reversal + EOS). */
export async function exactMatch(model: Seq2SeqAttention, seqs: number[][]): Promise<number> {
  const { src, tgtIn, tgtOut } = reversalBatch(seqs);
  const state = model.encode(src);
  const maxLength = Math.max(...seqs.map((s) => s.length)) + 1;
  const hyps = await greedyDecode(model, state, seqs.length, { bosId: BOS, eosId: EOS, maxLength, returnAttention: false });
  model.disposeState(state);
  tf.dispose([src, tgtIn, tgtOut]);
  let ok = 0;
  hyps.forEach((h, i) => {
    const want = [...[...seqs[i]!].reverse(), EOS];
    if (h.tokens.length === want.length && h.tokens.every((t, k) => t === want[k])) ok++;
  });
  return ok / seqs.length;
}

/**
 * Trains on fresh random digit strings (never one of the held-out strings, which are drawn first and excluded) with Adam and
 * teacher forcing, evaluates greedy exact match on the held-out set every `evalEvery` steps, and
 * stops once it reaches `target` or after `maxSteps`.
 */
export async function trainReversal(run: ReversalRun): Promise<{ model: Seq2SeqAttention; result: ReversalResult }> {
  manualSeed(run.seed);
  const model = new Seq2SeqAttention({ srcVocab: VOCAB, tgtVocab: VOCAB, padId: PAD, ...run.model, rng: new Generator(run.seed) });
  const evalRng = new Generator(10_000 + run.seed);
  const heldOut = Array.from({ length: run.heldOut }, () => randomDigits(evalRng));
  const excluded = new Set(heldOut.map((s) => s.join(',')));
  const data = new Generator(20_000 + run.seed);
  const draw = () => {
    for (;;) {
      const s = randomDigits(data);
      if (!excluded.has(s.join(','))) return s;
    }
  };
  const opt = tf.train.adam(run.lr);
  const history: ReversalResult['history'] = [];
  let accuracy = 0;
  let step = 0;
  while (step < run.maxSteps) {
    model.train();
    // tfjs's Adam reads its (protected) learningRate at every update: the schedule sets it.
    (opt as unknown as { learningRate: number }).learningRate = run.lr * (1 - (1 - (run.lrFloor ?? 1)) * Math.min(1, step / (run.decaySteps ?? run.maxSteps)));
    const { src, tgtIn, tgtOut } = reversalBatch(Array.from({ length: run.batch }, draw));
    const cost = opt.minimize(() => crossEntropy(model.forward(src, tgtIn), tgtOut) as tf.Scalar, true, model.parameters())!;
    step++;
    if (step % run.evalEvery === 0 || step === run.maxSteps) {
      const loss = (await cost.data())[0]!;
      model.eval();
      accuracy = await exactMatch(model, heldOut);
      history.push({ step, loss, accuracy });
      run.onEval?.({ step, loss, accuracy });
    }
    tf.dispose([src, tgtIn, tgtOut, cost]);
    if (accuracy >= run.target) break;
  }
  opt.dispose();
  return { model, result: { steps: step, accuracy, history } };
}
