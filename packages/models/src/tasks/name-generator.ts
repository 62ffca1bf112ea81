import { Dropout, Embedding, Linear, Module, ShapeError, ValueError, type Generator } from '@seqlab/core';
import { concat, dispose, expandDims, gather, reshape, tanh, tensor1d, tensor2d, tidy, tile, transpose, zeros, type Tensor } from '@tensorflow/tfjs-core';
import type { StepModel, StepOutput } from '../decoding/types.js';
import {
  checkIds,
  checkIdValues,
  checkInt,
  checkPaddedRecurrentConfig,
  type PaddedRecurrentConfig,
  checkTokens,
  makeRecurrent,
  type RecurrentLayer,
  type RecurrentState,
} from './char-lm-recurrent.js';

/** Hyperparameters of {@link NameGenerator} (its bundle `architecture`, minus `type`). */
export interface NameGeneratorConfig extends PaddedRecurrentConfig {
  /** Categories (languages) the generator is conditioned on (their embedding is `embeddingDim` wide too). */
  numCategories: number;
  /** Seeded initialisation and dropout (not part of the saved config). */
  rng?: Generator;
}

/**
 * Decoding state of {@link NameGenerator}: the recurrent state (`h`, and `c` for an LSTM, each
 * `[numLayers, rows, hiddenSize]`) and each row's category embedding `[rows, embeddingDim]`.
 */
export interface NameGeneratorState extends RecurrentState {
  category: Tensor;
}

/**
 * A character-level name generator conditioned on a category (language): the model of PyTorch's
 * "generating names with a character-level RNN" tutorial, improved —
 * - learned embeddings instead of one-hot vectors: the category embedding is concatenated to
 *   every input character's embedding (`[char; category]`, `2·embeddingDim` inputs per step);
 * - the category also sets the initial state: `h0` of every layer is
 *   `tanh(init_hidden(category))` (a `Linear(embeddingDim, numLayers·hiddenSize)`), and an LSTM's
 *   `c0` is zero, so even the first character depends on the language;
 * - any cell (RNN / LSTM / GRU), stacked, with dropout, batched over padded names.
 *
 * Training is teacher-forced: `forward(category, [BOS, c1 .. cn])` predicts `[c1 .. cn, EOS]`.
 * Generation goes through the {@link StepModel} interface:
 * ```ts
 * const model = new NameGenerator({ vocabSize: 60, numCategories: 18, padId: 0, cell: 'lstm' }).eval();
 * const state = model.start(Int32Array.from([3, 3])); // two rows, both language 3
 * const names = await sampleDecode(model, state, 2, { bosId: 1, eosId: 2, maxLength: 20, temperature: 0.8 });
 * model.disposeState(state);
 * ```
 * State-dict names: `embedding`, `category_embedding`, `init_hidden`, `rnn`, `fc`.
 */
export class NameGenerator extends Module implements StepModel<NameGeneratorState> {
  /** `architecture.type` of this model in bundles. */
  static readonly type = 'name-generator';
  /** The resolved hyperparameters (JSON-serialisable). */
  readonly config: Required<Omit<NameGeneratorConfig, 'rng'>>;
  readonly embedding: Embedding;
  readonly categoryEmbedding: Embedding;
  readonly initHidden: Linear;
  readonly rnn: RecurrentLayer;
  readonly fc: Linear;
  private readonly drop: Dropout;

  constructor(cfg: NameGeneratorConfig) {
    super();
    const ctx = 'NameGenerator';
    const c = (this.config = {
      ...checkPaddedRecurrentConfig(cfg, ctx),
      numCategories: checkInt('numCategories', cfg.numCategories, ctx),
    });
    const rng = cfg.rng ? { rng: cfg.rng } : {};
    // Ids are checked by forward / start / step (naming the argument), not again by the embeddings.
    this.embedding = this.addModule('embedding', new Embedding(c.vocabSize, c.embeddingDim, { ...rng, paddingIdx: c.padId, checkIds: false }));
    this.categoryEmbedding = this.addModule('category_embedding', new Embedding(c.numCategories, c.embeddingDim, { ...rng, checkIds: false }));
    this.initHidden = this.addModule('init_hidden', new Linear(c.embeddingDim, c.numLayers * c.hiddenSize, rng));
    this.rnn = this.addModule('rnn', makeRecurrent(c.cell, 2 * c.embeddingDim, c.hiddenSize, { numLayers: c.numLayers, dropout: c.dropout, ...rng }));
    this.fc = this.addModule('fc', new Linear(c.hiddenSize, c.vocabSize, rng));
    this.drop = new Dropout(c.dropout, rng);
  }

  /**
   * Teacher-forced logits `[N, T, vocabSize]`: `category` `[N]` int32 in `[0, numCategories)`,
   * `ids` `[N, T]` int32 (BOS first; padding after a shorter name does not affect its earlier steps).
   * @throws ShapeError for a wrong rank, dtype or batch size; ValueError for an id out of range.
   */
  forward(category: Tensor, ids: Tensor): Tensor {
    const ctx = 'NameGenerator';
    checkIds('category', category, this.config.numCategories, ctx, 1);
    checkIds('ids', ids, this.config.vocabSize, ctx);
    if (ids.shape[0] !== category.shape[0]) throw new ShapeError('ids', [category.shape[0]!, null], ids.shape, ctx);
    return tidy(() => {
      const cat = this.categoryEmbedding.forward(category);
      return this.run(ids, cat, this.initialState(cat)).logits;
    });
  }

  /**
   * The initial decoding state of one row per entry of `category` (ids in `[0, numCategories)`).
   * Free it with {@link disposeState}.
   */
  start(category: Int32Array): NameGeneratorState {
    const ctx = 'NameGenerator.start';
    if (!(category instanceof Int32Array) || category.length === 0) throw new ValueError(`${ctx}: category must be a non-empty Int32Array, got ${String(category)}`);
    checkIdValues('category', category, [category.length], this.config.numCategories, ctx);
    return tidy(() => {
      const cat = this.categoryEmbedding.forward(tensor1d(category, 'int32'));
      return { ...this.initialState(cat), category: cat };
    });
  }

  /** {@link StepModel.step}: feeds one token per row, returns next-token logits `[rows, vocabSize]`. */
  step(tokens: Int32Array, state: NameGeneratorState): StepOutput<NameGeneratorState> {
    const rows = state.category.shape[0]!;
    checkTokens(tokens, rows, this.config.vocabSize, 'NameGenerator.step');
    return tidy(() => {
      const { logits, h, c } = this.run(tensor2d(tokens, [rows, 1], 'int32'), state.category, state);
      return { logits: reshape(logits, [rows, this.config.vocabSize]), state: { h, ...(c ? { c } : {}), category: state.category.clone() } };
    });
  }

  /** {@link StepModel.selectRows}: row `i` of the result is row `indices[i]` of `state`. */
  selectRows(state: NameGeneratorState, indices: Int32Array): NameGeneratorState {
    return tidy(() => {
      const idx = tensor1d(indices, 'int32');
      return { h: gather(state.h, idx, 1), ...(state.c ? { c: gather(state.c, idx, 1) } : {}), category: gather(state.category, idx) };
    });
  }

  /** {@link StepModel.disposeState}. */
  disposeState(state: NameGeneratorState): void {
    dispose([state.h, state.category, ...(state.c ? [state.c] : [])]);
  }

  /** h0 = tanh(init_hidden(category)) per layer (`[L, N, H]`); c0 = 0 for an LSTM. */
  private initialState(cat: Tensor): RecurrentState {
    const { numLayers: L, hiddenSize: H, cell } = this.config;
    const N = cat.shape[0]!;
    const h = transpose(reshape(tanh(this.initHidden.forward(cat)), [N, L, H]), [1, 0, 2]);
    return { h, ...(cell === 'lstm' ? { c: zeros([L, N, H]) } : {}) };
  }

  /** The recurrence over `ids` `[N, T]` from `state`, with `cat` `[N, E]` beside every character. */
  private run(ids: Tensor, cat: Tensor, state: RecurrentState): { logits: Tensor; h: Tensor; c?: Tensor } {
    const T = ids.shape[1]!;
    const x = concat([this.embedding.forward(ids), tile(expandDims(cat, 1), [1, T, 1])], 2);
    const { output, hN, cN } = this.rnn.forward(x, { h0: state.h, ...(state.c ? { c0: state.c } : {}) });
    this.drop.training = this.training;
    return { logits: this.fc.forward(this.drop.forward(output)), h: hN, ...(cN ? { c: cN } : {}) };
  }
}
