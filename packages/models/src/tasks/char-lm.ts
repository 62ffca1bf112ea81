import { Dropout, Embedding, Linear, Module, ValueError, type Generator } from '@seqlab/core';
import { reshape, tensor2d, zeros, type Tensor } from '@tensorflow/tfjs-core';
import type { StepModel, StepOutput } from '../decoding/types.js';
import { CharLMTiedDecoder } from './char-lm-tied-decoder.js';
import {
  checkCell,
  checkDropout,
  checkIds,
  checkInt,
  checkState,
  checkTokens,
  disposeRecurrentState,
  makeRecurrent,
  selectStateRows,
  tidyState,
  type RecurrentCell,
  type RecurrentLayer,
  type RecurrentState,
} from './char-lm-recurrent.js';

/** Hyperparameters of {@link CharLM} (its bundle `architecture`, minus `type`). */
export interface CharLMConfig {
  /** Tokens in the vocabulary. */
  vocabSize: number;
  /** Recurrent cell. */
  cell: RecurrentCell;
  /** Token embedding size (default 64). */
  embeddingDim?: number;
  /** Hidden units per layer (default 256). */
  hiddenSize?: number;
  /** Stacked recurrent layers (default 2). */
  numLayers?: number;
  /** Dropout on the embeddings, between recurrent layers and before the decoder, in train mode (default 0). */
  dropout?: number;
  /**
   * Share the embedding matrix with the output layer (Press & Wolf 2017; Inan et al. 2017).
   * Needs `hiddenSize === embeddingDim`. The state dict then holds the shared matrix once, as
   * `encoder.weight` (no `decoder.weight`). Default false.
   */
  tieWeights?: boolean;
  /** Seeded initialisation and dropout (not part of the saved config). */
  rng?: Generator;
}

/** Recurrent state of {@link CharLM} between chunks or decoding steps: `h` (and `c` for an LSTM), `[numLayers, rows, hiddenSize]`. */
export type CharLMState = RecurrentState;

/** What {@link CharLM.forward} returns. The caller owns (and disposes) both. */
export interface CharLMOutput {
  /** Next-token logits `[N, T, vocabSize]`. */
  logits: Tensor;
  /** The state after the last step, to continue with the next chunk. */
  state: CharLMState;
}

/**
 * A recurrent language model — PyTorch's `word_language_model` `RNNModel` (`encoder` embedding,
 * dropout, `rnn`, dropout, `decoder` Linear, optional weight tying) with the same state-dict
 * names, used here over characters or any token ids.
 *
 * Truncated backpropagation through time: `forward(ids, state)` continues from the state the
 * previous chunk returned. Pass that state as a plain tensor (not a variable): no gradient flows
 * into it, which is PyTorch's `repackage_hidden`. Inside `optimizer.minimize` (which frees every
 * tensor the loss function creates) `tf.keep` the returned state to carry it on, and dispose the
 * old one:
 * ```ts
 * let state = model.start(batchSize);
 * for (const { input, target } of chunks) {
 *   let next!: CharLMState;
 *   opt.minimize(() => {
 *     const out = model.forward(input, state);
 *     next = { h: tf.keep(out.state.h), ...(out.state.c ? { c: tf.keep(out.state.c) } : {}) };
 *     return crossEntropy(out.logits, target) as tf.Scalar;
 *   }, false, model.parameters());
 *   model.disposeState(state);
 *   state = next;
 * }
 * ```
 * Also a {@link StepModel} (`start(rows)`, `step`, `selectRows`, `disposeState`) for
 * `greedyDecode` / `beamSearch` / `sampleDecode`; prime it with `forward(prompt, start(rows))`.
 */
export class CharLM extends Module implements StepModel<CharLMState> {
  /** `architecture.type` of this model in bundles. */
  static readonly type = 'char-lm';
  /** The resolved hyperparameters (JSON-serialisable). */
  readonly config: Required<Omit<CharLMConfig, 'rng'>>;
  readonly encoder: Embedding;
  readonly rnn: RecurrentLayer;
  /** `Linear(hiddenSize, vocabSize)`, or only its bias when the weights are tied. */
  readonly decoder: Linear | CharLMTiedDecoder;
  private readonly drop: Dropout;

  constructor(cfg: CharLMConfig) {
    super();
    const ctx = 'CharLM';
    const c = (this.config = {
      vocabSize: checkInt('vocabSize', cfg.vocabSize, ctx),
      cell: checkCell(cfg.cell, ctx),
      embeddingDim: checkInt('embeddingDim', cfg.embeddingDim ?? 64, ctx),
      hiddenSize: checkInt('hiddenSize', cfg.hiddenSize ?? 256, ctx),
      numLayers: checkInt('numLayers', cfg.numLayers ?? 2, ctx),
      dropout: checkDropout(cfg.dropout ?? 0, ctx),
      tieWeights: cfg.tieWeights ?? false,
    });
    if (typeof c.tieWeights !== 'boolean') throw new ValueError(`${ctx}: config.tieWeights must be a boolean, got ${JSON.stringify(c.tieWeights)}`);
    if (c.tieWeights && c.hiddenSize !== c.embeddingDim) {
      throw new ValueError(`${ctx}: tieWeights needs hiddenSize === embeddingDim, got hiddenSize ${c.hiddenSize} and embeddingDim ${c.embeddingDim}`);
    }
    const rng = cfg.rng ? { rng: cfg.rng } : {};
    // Ids are checked by forward / step (naming the argument), not again by the embedding.
    this.encoder = this.addModule('encoder', new Embedding(c.vocabSize, c.embeddingDim, { ...rng, checkIds: false }));
    this.rnn = this.addModule('rnn', makeRecurrent(c.cell, c.embeddingDim, c.hiddenSize, { numLayers: c.numLayers, dropout: c.dropout, ...rng }));
    this.decoder = this.addModule('decoder', c.tieWeights ? new CharLMTiedDecoder(c.hiddenSize, c.vocabSize, rng) : new Linear(c.hiddenSize, c.vocabSize, rng));
    this.drop = new Dropout(c.dropout, rng);
  }

  /**
   * Logits `[N, T, vocabSize]` for `ids` (`[N, T]` int32), starting from `state` (zeros when
   * omitted), and the state after the last step. `state` is not disposed.
   * @throws ShapeError for a wrong rank / dtype of `ids` or a state of the wrong shape;
   *   ValueError for an id outside `[0, vocabSize)`.
   */
  forward(ids: Tensor, state?: CharLMState): CharLMOutput {
    checkIds('ids', ids, this.config.vocabSize, 'CharLM');
    if (state) checkState(state, this.config.cell, [this.config.numLayers, ids.shape[0]!, this.config.hiddenSize], 'CharLM');
    return tidyState(() => this.run(ids, state));
  }

  /** A zero state for `rows` sequences (the start of a corpus or of generation). */
  start(rows: number): CharLMState {
    if (!Number.isInteger(rows) || rows < 1) throw new ValueError(`CharLM.start: rows must be a positive integer, got ${rows}`);
    const { numLayers: L, hiddenSize: H } = this.config;
    return { h: zeros([L, rows, H]), ...(this.config.cell === 'lstm' ? { c: zeros([L, rows, H]) } : {}) };
  }

  /** {@link StepModel.step}: feeds one token per row, returns next-token logits `[rows, vocabSize]`. */
  step(tokens: Int32Array, state: CharLMState): StepOutput<CharLMState> {
    const rows = state.h.shape[1]!;
    checkTokens(tokens, rows, this.config.vocabSize, 'CharLM.step');
    return tidyState(() => {
      const out = this.run(tensor2d(tokens, [rows, 1], 'int32'), state);
      return { logits: reshape(out.logits, [rows, this.config.vocabSize]), state: out.state };
    });
  }

  /** {@link StepModel.selectRows}: row `i` of the result is row `indices[i]` of `state`. */
  selectRows(state: CharLMState, indices: Int32Array): CharLMState {
    return selectStateRows(state, indices);
  }

  /** {@link StepModel.disposeState}. */
  disposeState(state: CharLMState): void {
    disposeRecurrentState(state);
  }

  private run(ids: Tensor, state: CharLMState | undefined): CharLMOutput {
    this.drop.training = this.training;
    const x = this.drop.forward(this.encoder.forward(ids));
    const { output, hN, cN } = this.rnn.forward(x, state ? { h0: state.h, ...(state.c ? { c0: state.c } : {}) } : {});
    const y = this.drop.forward(output);
    const logits = this.decoder instanceof CharLMTiedDecoder ? this.decoder.forward(y, this.encoder.weight) : this.decoder.forward(y);
    return { logits, state: { h: hN, ...(cN ? { c: cN } : {}) } };
  }
}

export { CharLMTiedDecoder } from './char-lm-tied-decoder.js';
export type { RecurrentCell } from './char-lm-recurrent.js';
