import { ShapeError, ValueError } from '@seqlab/core';
import { TransformerLM, type KVCache, type TransformerLMOptions } from '@seqlab/transformer';
import { reshape, tensor2d, tidy } from '@tensorflow/tfjs-core';
import type { StepModel, StepOutput } from '../decoding/types.js';

/**
 * Hyperparameters of {@link TransformerLanguageModel} (its bundle `architecture`, minus `type`):
 * {@link TransformerLMOptions} without `positional` and `activation`, which the task model fixes
 * (learned positions, `gelu`, as GPT-2). `rng` (seeded initialisation and dropout) is not saved.
 */
export type TransformerLanguageModelConfig = Omit<TransformerLMOptions, 'positional' | 'activation'>;

/**
 * Decoding state of {@link TransformerLanguageModel}: the self-attention keys/values of every
 * token fed so far (one {@link KVCache}), and the number of rows decoded in parallel.
 */
export interface TransformerLMState {
  cache: KVCache;
  rows: number;
}

/**
 * A GPT-style language model (task `lm`): @seqlab/transformer's {@link TransformerLM} (learned
 * positions, causal blocks, `gelu`, tied output by default) with a JSON config for bundles, and a
 * {@link StepModel} over its KV cache so `greedyDecode` / `beamSearch` / `sampleDecode` generate
 * with each position computed once. State dict names are TransformerLM's (`embed.weight`,
 * `pos.weight`, `layers.0.self_attn.in_proj_weight`, ..., `norm.weight`).
 *
 * @example
 * ```ts
 * const lm = new TransformerLanguageModel({ vocabSize: 100, dModel: 64, nhead: 4, numLayers: 2 });
 * const logits = lm.forward(ids);                 // [N, T, 100], teacher-forced
 * const state = lm.start(4);                      // 4 rows, empty cache
 * const out = await sampleDecode(lm.eval(), state, 4, { bosId: 1, eosId: 2, maxLength: 50, topK: 10 });
 * lm.disposeState(state);
 * ```
 */
export class TransformerLanguageModel extends TransformerLM implements StepModel<TransformerLMState> {
  /** `architecture.type` of this model in bundles. */
  static readonly type = 'transformer-lm';
  /** Bundle task of this model. */
  static readonly task = 'lm';
  readonly config: Required<Omit<TransformerLanguageModelConfig, 'rng'>>;

  constructor(cfg: TransformerLanguageModelConfig) {
    const ctx = 'TransformerLanguageModel';
    if (cfg === null || typeof cfg !== 'object') throw new ValueError(`${ctx}: config must be an object, got ${String(cfg)}`);
    const dModel = cfg.dModel ?? 256;
    const c = {
      vocabSize: cfg.vocabSize,
      dModel,
      nhead: cfg.nhead ?? 4,
      numLayers: cfg.numLayers ?? 4,
      dimFeedforward: cfg.dimFeedforward ?? 4 * dModel,
      dropout: cfg.dropout ?? 0.1,
      maxLen: cfg.maxLen ?? 512,
      tieWeights: cfg.tieWeights ?? true,
      normFirst: cfg.normFirst ?? true,
    };
    for (const k of ['vocabSize', 'dModel', 'nhead', 'numLayers', 'dimFeedforward', 'maxLen'] as const) {
      if (!Number.isInteger(c[k]) || c[k] < 1) throw new ValueError(`${ctx}: config.${k} must be a positive integer, got ${JSON.stringify(c[k])}`);
    }
    if (c.dModel % c.nhead !== 0) throw new ValueError(`${ctx}: config.dModel (${c.dModel}) must be divisible by config.nhead (${c.nhead})`);
    if (typeof c.dropout !== 'number' || !(c.dropout >= 0 && c.dropout < 1)) throw new ValueError(`${ctx}: config.dropout must be in [0, 1), got ${JSON.stringify(c.dropout)}`);
    for (const k of ['tieWeights', 'normFirst'] as const) {
      if (typeof c[k] !== 'boolean') throw new ValueError(`${ctx}: config.${k} must be a boolean, got ${JSON.stringify(c[k])}`);
    }
    super({ ...c, ...(cfg.rng ? { rng: cfg.rng } : {}) });
    this.config = c;
  }

  /** An empty decoding state for `rows` sequences (generation starts by feeding BOS or a prompt). */
  start(rows: number): TransformerLMState {
    if (!Number.isInteger(rows) || rows < 1) throw new ValueError(`TransformerLanguageModel.start: rows must be a positive integer, got ${rows}`);
    return { cache: this.createCache(), rows };
  }

  /**
   * {@link StepModel.step}: feeds one token per row at the next position and returns next-token
   * logits `[rows, vocabSize]`, attending to the cached keys/values of the earlier tokens (equal
   * to a full recompute over the prefix). The returned state is a new one; `state` stays valid.
   */
  step(tokens: Int32Array, state: TransformerLMState): StepOutput<TransformerLMState> {
    const ctx = 'TransformerLanguageModel.step';
    if (tokens.length !== state.rows) throw new ShapeError('tokens', [state.rows], [tokens.length], ctx);
    for (const id of tokens) {
      if (!(id >= 0 && id < this.config.vocabSize)) throw new ValueError(`${ctx}: token ids must be in [0, ${this.config.vocabSize}), got ${id}`);
    }
    const next = state.cache.fork();
    try {
      const logits = tidy(() => reshape(this.forwardIncremental(tensor2d(tokens, [state.rows, 1], 'int32'), next), [state.rows, this.config.vocabSize]));
      return { logits, state: { cache: next, rows: state.rows } };
    } catch (e) {
      next.dispose();
      throw e;
    }
  }

  /** {@link StepModel.selectRows}: row `i` of the result is row `indices[i]` of `state`. */
  selectRows(state: TransformerLMState, indices: Int32Array): TransformerLMState {
    for (const i of indices) {
      if (!(Number.isInteger(i) && i >= 0 && i < state.rows)) throw new ValueError(`TransformerLanguageModel.selectRows: indices must be in [0, ${state.rows}), got ${i}`);
    }
    return { cache: state.cache.selectRows(indices), rows: indices.length };
  }

  /** {@link StepModel.disposeState}. */
  disposeState(state: TransformerLMState): void {
    state.cache.dispose();
  }
}
