import { Dropout, Embedding, Linear, Module, ShapeError, ValueError, type Generator } from '@seqlab/core';
import { concat, slice, squeeze, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { checkIds, checkInt, checkPaddedRecurrentConfig, makeRecurrent, type PaddedRecurrentConfig, type RecurrentLayer } from './char-lm-recurrent.js';

/** Hyperparameters of {@link NameClassifier} (its bundle `architecture`, minus `type`). */
export interface NameClassifierConfig extends PaddedRecurrentConfig {
  /** Classes (languages) predicted. */
  numClasses: number;
  /** Read names both ways; the classifier sees both final states (default false). */
  bidirectional?: boolean;
  /** Seeded initialisation and dropout (not part of the saved config). */
  rng?: Generator;
}

/**
 * A character-level name classifier (the PyTorch "classifying names with a character-level RNN"
 * tutorial, batched): `embedding` → `rnn` (RNN / LSTM / GRU, optionally stacked and
 * bidirectional) over each name's real characters → the last layer's final hidden state (forward
 * and backward directions concatenated, as PyTorch's `h_n[-2], h_n[-1]`) → `fc` logits.
 *
 * Variable lengths have packed-sequence semantics (`pack_padded_sequence`): what follows a name
 * in its padded row never changes its logits. State-dict names are PyTorch's for a module with
 * attributes `embedding`, `rnn`, `fc`.
 * ```ts
 * const model = new NameClassifier({ vocabSize: 60, numClasses: 18, padId: 0, cell: 'gru' });
 * const logits = model.forward(ids, [5, 3]); // ids: [2, 5] int32 -> logits [2, 18]
 * ```
 */
export class NameClassifier extends Module {
  /** `architecture.type` of this model in bundles. */
  static readonly type = 'name-classifier';
  /** The resolved hyperparameters (JSON-serialisable). */
  readonly config: Required<Omit<NameClassifierConfig, 'rng'>>;
  readonly embedding: Embedding;
  readonly rnn: RecurrentLayer;
  readonly fc: Linear;
  private readonly drop: Dropout;

  constructor(cfg: NameClassifierConfig) {
    super();
    const ctx = 'NameClassifier';
    const c = (this.config = {
      ...checkPaddedRecurrentConfig(cfg, ctx),
      numClasses: checkInt('numClasses', cfg.numClasses, ctx),
      bidirectional: cfg.bidirectional ?? false,
    });
    if (typeof c.bidirectional !== 'boolean') throw new ValueError(`${ctx}: config.bidirectional must be a boolean, got ${JSON.stringify(c.bidirectional)}`);
    const rng = cfg.rng ? { rng: cfg.rng } : {};
    // Ids are checked once by forward (naming the argument); the embedding need not re-read them.
    this.embedding = this.addModule('embedding', new Embedding(c.vocabSize, c.embeddingDim, { ...rng, paddingIdx: c.padId, checkIds: false }));
    this.rnn = this.addModule('rnn', makeRecurrent(c.cell, c.embeddingDim, c.hiddenSize, { numLayers: c.numLayers, dropout: c.dropout, bidirectional: c.bidirectional, ...rng }));
    this.fc = this.addModule('fc', new Linear(c.hiddenSize * (c.bidirectional ? 2 : 1), c.numClasses, rng));
    this.drop = new Dropout(c.dropout, rng);
  }

  /**
   * Logits `[N, numClasses]` for padded names `ids` (`[N, T]` int32) whose real lengths are
   * `lengths` (`N` integers in `[1, T]`; each name's characters come first in its row).
   * @throws ShapeError for a wrong rank, dtype or number of lengths; ValueError for an id outside
   *   `[0, vocabSize)` or a length outside `[1, T]`.
   */
  forward(ids: Tensor, lengths: Int32Array | readonly number[]): Tensor {
    const ctx = 'NameClassifier';
    checkIds('ids', ids, this.config.vocabSize, ctx);
    const [N, T] = ids.shape as [number, number];
    if (lengths == null || typeof lengths.length !== 'number') throw new ValueError(`${ctx}: lengths must be an Int32Array or number[] of ${N} lengths, got ${String(lengths)}`);
    if (lengths.length !== N) throw new ShapeError('lengths', [N], [lengths.length], ctx);
    for (let b = 0; b < N; b++) {
      const l = lengths[b]!;
      if (!Number.isInteger(l) || l < 1 || l > T) throw new ValueError(`${ctx}: lengths[${b}] = ${l} must be an integer in [1, ${T}] (T = ids.shape[1])`);
    }
    this.drop.training = this.training;
    return tidy(() => {
      // The per-step outputs and c_n are not needed; tidy frees them.
      const { hN } = this.rnn.forward(this.embedding.forward(ids), { lengths: Array.from(lengths) });
      // hN: [numLayers·D, N, H], last layer's directions last (PyTorch's h_n layout).
      const D = this.config.bidirectional ? 2 : 1;
      const LD = this.config.numLayers * D;
      const last = slice(hN, [LD - D, 0, 0], [D, -1, -1]);
      const features = D === 2 ? concat([squeeze(slice(last, [0, 0, 0], [1, -1, -1]), [0]), squeeze(slice(last, [1, 0, 0], [1, -1, -1]), [0])], 1) : squeeze(last, [0]);
      return this.fc.forward(this.drop.forward(features));
    });
  }
}
