/**
 * `BahdanauAttention`: additive attention (Bahdanau, Cho & Bengio 2015).
 * @module
 */
import { Linear, Module, ShapeError, type InitOptions } from '@seqlab/core';
import { reshape, type Tensor } from '@tensorflow/tfjs-core';
import { additiveScores } from './additive-score.js';
import {
  asSteps,
  checkRnnAttentionArgs,
  finish,
  keyMask,
  type RnnAttentionCallOptions,
  type RnnAttentionResult,
} from './additive-common.js';
import { tidyObject } from './tidy-object.js';
import { maskedSoftmax } from './masked-softmax.js';
import { checkPositiveInt } from './validate.js';

/** Options of {@link BahdanauAttention}. */
export interface BahdanauAttentionOptions extends InitOptions {
  /** Size of the hidden layer of the score MLP (default `queryDim`). */
  attnDim?: number;
  /** A bias in the key projection `W_k` (default false, as in the paper's `U_a h_j`). */
  bias?: boolean;
}

/** Per-call options of {@link BahdanauAttention.forward}. */
export interface BahdanauCallOptions extends RnnAttentionCallOptions {
  /** `projectKeys(keys)`, computed once per source sequence and reused at every decoder step. */
  projectedKeys?: Tensor;
}

/**
 * Additive attention: `score(q, k_s) = vᵀ tanh(W_q q + W_k k_s)`, weights = softmax over the
 * unmasked keys, context = Σ weights · values. Parameters (state dict): `query_layer.weight`
 * `[A, Hq]`, `key_layer.weight` `[A, Hk]` (+ `key_layer.bias` with `bias`), `energy_layer.weight`
 * `[1, A]` — the names of the Annotated Encoder-Decoder's `BahdanauAttention`.
 *
 * The key projection does not depend on the decoder state: compute it once per sequence with
 * {@link BahdanauAttention.projectKeys} and pass it as `projectedKeys` at every step.
 *
 * @example
 * ```ts
 * const attn = new BahdanauAttention(32, 64);               // decoder 32, encoder 64
 * const pk = attn.projectKeys(encoderOutputs);               // once per batch
 * const { context, weights } = attn.forward(h, encoderOutputs, { mask, projectedKeys: pk });
 * ```
 */
export class BahdanauAttention extends Module {
  readonly attnDim: number;
  readonly queryLayer: Linear;
  readonly keyLayer: Linear;
  readonly energyLayer: Linear;

  constructor(
    readonly queryDim: number,
    readonly keyDim: number,
    opts: BahdanauAttentionOptions = {},
  ) {
    super();
    this.attnDim = opts.attnDim ?? queryDim;
    for (const [n, v] of [['queryDim', queryDim], ['keyDim', keyDim], ['attnDim', this.attnDim]] as const) {
      checkPositiveInt(n, v, 'BahdanauAttention');
    }
    const init = opts.rng ? { rng: opts.rng } : {};
    this.keyLayer = this.addModule('key_layer', new Linear(keyDim, this.attnDim, { ...init, bias: opts.bias ?? false }));
    this.queryLayer = this.addModule('query_layer', new Linear(queryDim, this.attnDim, { ...init, bias: false }));
    this.energyLayer = this.addModule('energy_layer', new Linear(this.attnDim, 1, { ...init, bias: false }));
  }

  /** `W_k keys` (`[B, S, attnDim]`), reusable across decoder steps. */
  projectKeys(keys: Tensor): Tensor {
    return this.keyLayer.forward(keys);
  }

  /**
   * Attends from `query` (`[B, Hq]` one decoder step, or `[B, Tq, Hq]`) over `keys` `[B, S, Hk]`.
   */
  forward(query: Tensor, keys: Tensor, opts: BahdanauCallOptions = {}): RnnAttentionResult {
    const { B, S, step } = checkRnnAttentionArgs('BahdanauAttention', this.queryDim, this.keyDim, query, keys, opts.values, opts.mask);
    const pkIn = opts.projectedKeys;
    if (pkIn && (pkIn.rank !== 3 || pkIn.shape[0] !== B || pkIn.shape[1] !== S || pkIn.shape[2] !== this.attnDim)) {
      throw new ShapeError('projectedKeys', [B, S, this.attnDim], pkIn.shape, 'BahdanauAttention');
    }
    return tidyObject(() => {
      const pk = opts.projectedKeys ?? this.projectKeys(keys);
      const pq = this.queryLayer.forward(asSteps(query)); // [B, Tq, A]
      // v = energy_layer.weight [1, A]: its gradient flows back through the reshape.
      const scores = additiveScores(pq, pk, reshape(this.energyLayer.weight, [this.attnDim])); // [B, Tq, S]
      const weights = maskedSoftmax(scores, { keep: keyMask(opts.mask, B, S) });
      return finish(weights, opts.values ?? keys, step);
    });
  }
}
