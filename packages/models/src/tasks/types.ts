import type { Tensor } from '@tensorflow/tfjs-core';
import type { StepModel } from '../decoding/types.js';

/**
 * What every sequence-to-sequence task model offers (RNN + attention and Transformer alike), so
 * trainers, evaluation and the apps treat them the same way.
 */
export interface Seq2SeqModel<S> extends StepModel<S> {
  /** Teacher-forced logits `[N, T, tgtVocab]` for source ids `[N, S]` and target inputs `[N, T]` (BOS first). */
  forward(src: Tensor, tgtIn: Tensor): Tensor;
  /** Encodes a source batch `[N, S]` into the initial decoding state (dispose with `disposeState`). */
  encode(src: Tensor): S;
}
