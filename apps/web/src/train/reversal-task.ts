/**
 * The task trained in the tab: reverse a string of 3-8 digits. Small enough to learn in a few
 * hundred steps on any backend, and it needs no download. Its tokenizer is a character-level HF
 * tokenizer.json, so the result is an ordinary `translate` bundle the page can load.
 * @module
 */
import { crossEntropy, Generator } from '@seqlab/core';
import { TransformerSeq2Seq } from '@seqlab/models';
import { charLevelComponents, FuseDecoder, Tokenizer } from '@seqlab/tokenizers';
import * as tf from '@tensorflow/tfjs-core';

// The trainer's special tokens and ids, so the result is an ordinary seqlab `translate` bundle.
const SPECIALS = ['<pad>', '<unk>', '<s>', '</s>'];
const [PAD, BOS, EOS] = [0, 2, 3];

/** The character-level digits tokenizer (ids 0-3 special, then '0'..'9'). */
export function digitsTokenizer(): Tokenizer {
  const vocab = Object.fromEntries([...SPECIALS, ...'0123456789'].map((w, i) => [w, i]));
  const { preTokenizer, model } = charLevelComponents(vocab, '<unk>');
  const tok = new Tokenizer(model);
  tok.preTokenizer = preTokenizer;
  tok.decoder = new FuseDecoder(); // characters join back without spaces
  tok.addSpecialTokens(SPECIALS);
  return tok;
}

/** The model trained in the tab: a one-layer Transformer, d = 32. */
export function reversalModel(seed: number): TransformerSeq2Seq {
  return new TransformerSeq2Seq({ srcVocab: 14, tgtVocab: 14, padId: PAD, dModel: 32, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 64, dropout: 0, maxLen: 16, rng: new Generator(seed) });
}

/** Longest digit string; every batch is padded to it. */
export const MAX_DIGITS = 8;

/**
 * A random teacher-forcing batch: src = digits + EOS, tgtIn = BOS + reversed, tgtOut = reversed
 * + EOS (pad -100). Always padded to {@link MAX_DIGITS}: one shape for every step means WebGPU / WebGL
 * compile their shaders once (on SwiftShader a new shape costs tens of seconds).
 */
export function reversalBatch(rng: Generator, size: number): { src: tf.Tensor; tgtIn: tf.Tensor; tgtOut: tf.Tensor } {
  const seqs = Array.from({ length: size }, () => Array.from({ length: 3 + rng.int(MAX_DIGITS - 2) }, () => 4 + rng.int(10)));
  const S = MAX_DIGITS + 1;
  const pad = (xs: number[], n: number, v: number) => [...xs, ...new Array<number>(n - xs.length).fill(v)];
  return {
    src: tf.tensor2d(seqs.map((s) => pad([...s, EOS], S, PAD)), [size, S], 'int32'),
    tgtIn: tf.tensor2d(seqs.map((s) => pad([BOS, ...[...s].reverse()], S, PAD)), [size, S], 'int32'),
    tgtOut: tf.tensor2d(seqs.map((s) => pad([...[...s].reverse(), EOS], S, -100)), [size, S], 'int32'),
  };
}

/** One Adam step on a fresh batch; returns the loss (read asynchronously: WebGPU has no safe sync read). */
export async function trainStep(model: TransformerSeq2Seq, opt: tf.Optimizer, rng: Generator, batch: number): Promise<number> {
  const { src, tgtIn, tgtOut } = reversalBatch(rng, batch);
  const cost = opt.minimize(() => crossEntropy(model.forward(src, tgtIn), tgtOut) as tf.Scalar, true, model.parameters());
  const loss = (await cost!.data())[0]!;
  tf.dispose([src, tgtIn, tgtOut, cost!]);
  return loss;
}
