import type { Tensor } from '@tensorflow/tfjs-core';

/** What one decoding step returns. */
export interface StepOutput<S> {
  /** Next-token logits `[rows, vocab]` (unnormalised). Consumed and disposed by the decoder. */
  logits: Tensor;
  /** The model's state after this step. */
  state: S;
  /** Optional attention over the source `[rows, srcLen]`, collected for visualisation. */
  attention?: Tensor;
}

/**
 * A model seen by the decoders: one step maps the previous token of every row to next-token
 * logits. Rows are independent hypotheses (batch items, or batch x beam).
 */
export interface StepModel<S> {
  /** Runs one step. `tokens` holds one id per row. */
  step(tokens: Int32Array, state: S): StepOutput<S>;
  /**
   * Returns a state whose row `i` is row `indices[i]` of `state` (beam search reorders and
   * expands hypotheses with it). Must not dispose `state`; the decoder disposes old states with
   * {@link StepModel.disposeState}.
   */
  selectRows(state: S, indices: Int32Array): S;
  /** Frees a state's tensors. */
  disposeState(state: S): void;
}

/** Options shared by every decoder. */
export interface DecodeOptions {
  /** Id fed at the first step (beginning of sequence). */
  bosId: number;
  /** Id that ends a hypothesis. */
  eosId: number;
  /** Most tokens generated per row, EOS included. */
  maxLength: number;
  /** Collect attention weights per step when the model returns them (default true). */
  returnAttention?: boolean;
}

/** One decoded sequence. */
export interface Hypothesis {
  /** Generated ids, without BOS; ends with EOS unless `maxLength` was reached. */
  tokens: number[];
  /** Sum of the log-probabilities of `tokens`. */
  logProb: number;
  /** Score used for ranking (beam search: length-penalised). */
  score: number;
  /** Attention per generated token (`[tokens.length][srcLen]`), when the model provides it. */
  attention?: number[][];
}
