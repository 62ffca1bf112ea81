import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '@seqlab/core';

/** Token ids of the reversal task: 0 pad, 1 BOS, 2 EOS, 3..12 the digits 0..9. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const VOCAB = 13;

/** A random digit string of length 5..15, as token ids. */
export function randomDigits(rng: Generator): number[] {
  return Array.from({ length: 5 + rng.int(11) }, () => 3 + rng.int(10));
}

/** A padded teacher-forcing batch: src, tgtIn (BOS + reversed), tgtOut (reversed + EOS, pad = -100). */
export function reversalBatch(seqs: number[][]): { src: tf.Tensor; tgtIn: tf.Tensor; tgtOut: tf.Tensor } {
  const S = Math.max(...seqs.map((s) => s.length));
  const T = S + 1;
  const pad = (xs: number[], n: number, v: number) => [...xs, ...new Array(n - xs.length).fill(v)];
  return {
    src: tf.tensor2d(seqs.map((s) => pad(s, S, PAD)), [seqs.length, S], 'int32'),
    tgtIn: tf.tensor2d(seqs.map((s) => pad([BOS, ...[...s].reverse()], T, PAD)), [seqs.length, T], 'int32'),
    tgtOut: tf.tensor2d(seqs.map((s) => pad([...[...s].reverse(), EOS], T, -100)), [seqs.length, T], 'int32'),
  };
}
