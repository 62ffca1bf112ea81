/**
 * `LuongAttention`: multiplicative / concat attention of Luong, Pham & Manning (2015), global
 * and local-p.
 * @module
 */
import { Linear, mm, Module, ShapeError, transposeLast, ValueError, type InitOptions } from '@seqlab/core';
import {
  abs,
  add,
  cast,
  div,
  exp,
  expandDims,
  logicalAnd,
  lessEqual,
  mul,
  range,
  reshape,
  sigmoid,
  square,
  squeeze,
  sub,
  sum,
  tanh,
  type Tensor,
} from '@tensorflow/tfjs-core';
import {
  asSteps,
  checkRnnAttentionArgs,
  finish,
  type RnnAttentionCallOptions,
  type RnnAttentionResult,
} from './additive-common.js';
import { tidyObject } from './tidy-object.js';
import { maskedSoftmax } from './masked-softmax.js';
import { checkPositiveInt } from './validate.js';

/** Luong's score functions. */
export type LuongScore = 'dot' | 'general' | 'concat';

/** Options of {@link LuongAttention}. */
export interface LuongAttentionOptions extends InitOptions {
  /** `dot` (`qᵀk`, needs Hq = Hk), `general` (`qᵀ W_a k`) or `concat` (`v_aᵀ tanh(W_a [q; k])`). Default `general`. */
  score?: LuongScore;
  /** Hidden size of the `concat` score (default `queryDim`). */
  attnDim?: number;
  /**
   * Local-p attention: predict a centre `p_t = S · sigmoid(v_pᵀ tanh(W_p h_t))` for each query,
   * restrict the softmax to keys `s` with `|s - p_t| <= D`, then multiply the weights by
   * `exp(-(s - p_t)² / (2σ²))`, `σ = D / 2`. S is each row's real source length (the number of
   * `true` entries of `mask`, or the key count without a mask).
   */
  local?: { windowD?: number; positionDim?: number };
}

/** What {@link LuongAttention.forward} returns: also the predicted centres with local-p. */
export interface LuongAttentionResult extends RnnAttentionResult {
  /** Local-p only: `p_t`, `[B]` for a one-step query or `[B, Tq]`. */
  positions?: Tensor;
}

/**
 * Luong attention. Parameters (state dict): `general`: `linear_in.weight [Hq, Hk]`; `concat`:
 * `query_layer.weight [A, Hq]`, `key_layer.weight [A, Hk]` (together Luong's `W_a` acting on
 * `[q; k]`, split so that the key half is computed once per sequence) and `energy_layer.weight
 * [1, A]` (`v_a`); local-p adds `position_layer.weight [P, Hq]` (`W_p`) and
 * `position_energy.weight [1, P]` (`v_p`). No biases, as in the paper.
 *
 * @example
 * ```ts
 * const attn = new LuongAttention(64, 64, { score: 'general', local: { windowD: 5 } });
 * const { context, weights, positions } = attn.forward(h, encoderOutputs, { mask });
 * ```
 */
export class LuongAttention extends Module {
  readonly score: LuongScore;
  readonly windowD: number | null;
  readonly linearIn: Linear | null = null;
  readonly queryLayer: Linear | null = null;
  readonly keyLayer: Linear | null = null;
  readonly energyLayer: Linear | null = null;
  readonly positionLayer: Linear | null = null;
  readonly positionEnergy: Linear | null = null;

  constructor(
    readonly queryDim: number,
    readonly keyDim: number,
    opts: LuongAttentionOptions = {},
  ) {
    super();
    const ctx = 'LuongAttention';
    checkPositiveInt('queryDim', queryDim, ctx);
    checkPositiveInt('keyDim', keyDim, ctx);
    this.score = opts.score ?? 'general';
    const init = { ...(opts.rng ? { rng: opts.rng } : {}), bias: false };
    if (this.score === 'dot') {
      if (queryDim !== keyDim) throw new ValueError(`${ctx}: score 'dot' needs queryDim == keyDim, got ${queryDim} and ${keyDim}`);
    } else if (this.score === 'general') {
      this.linearIn = this.addModule('linear_in', new Linear(keyDim, queryDim, init));
    } else if (this.score === 'concat') {
      const A = opts.attnDim ?? queryDim;
      checkPositiveInt('attnDim', A, ctx);
      this.queryLayer = this.addModule('query_layer', new Linear(queryDim, A, init));
      this.keyLayer = this.addModule('key_layer', new Linear(keyDim, A, init));
      this.energyLayer = this.addModule('energy_layer', new Linear(A, 1, init));
    } else {
      throw new ValueError(`${ctx}: score must be 'dot', 'general' or 'concat', got '${String(this.score)}'`);
    }
    if (opts.local) {
      const D = opts.local.windowD ?? 10;
      if (!Number.isInteger(D) || D < 1) throw new ValueError(`${ctx}: local.windowD must be an integer >= 1, got ${D}`);
      this.windowD = D;
      const P = opts.local.positionDim ?? queryDim;
      checkPositiveInt('local.positionDim', P, ctx);
      this.positionLayer = this.addModule('position_layer', new Linear(queryDim, P, init));
      this.positionEnergy = this.addModule('position_energy', new Linear(P, 1, init));
    } else {
      this.windowD = null;
    }
  }

  /**
   * The part of the score that depends only on the keys (`W_a k` for general, `W_k k` for
   * concat, the keys themselves for dot): compute it once per source sequence.
   */
  projectKeys(keys: Tensor): Tensor {
    if (this.linearIn) return this.linearIn.forward(keys);
    if (this.keyLayer) return this.keyLayer.forward(keys);
    return keys.clone();
  }

  /**
   * Attends from `query` (`[B, Hq]` one decoder step, or `[B, Tq, Hq]`) over `keys` `[B, S, Hk]`.
   * `projectedKeys` = {@link LuongAttention.projectKeys}`(keys)`, reusable across steps.
   */
  forward(query: Tensor, keys: Tensor, opts: RnnAttentionCallOptions & { projectedKeys?: Tensor } = {}): LuongAttentionResult {
    const ctx = 'LuongAttention';
    const { B, S, Tq, step } = checkRnnAttentionArgs(ctx, this.queryDim, this.keyDim, query, keys, opts.values, opts.mask);
    const pkIn = opts.projectedKeys;
    const pkDim = this.linearIn ? this.queryDim : this.keyLayer ? this.keyLayer.outFeatures : this.keyDim;
    if (pkIn && (pkIn.rank !== 3 || pkIn.shape[0] !== B || pkIn.shape[1] !== S || pkIn.shape[2] !== pkDim)) {
      throw new ShapeError('projectedKeys', [B, S, pkDim], pkIn.shape, ctx);
    }
    return tidyObject(() => {
      const q = asSteps(query); // [B, Tq, Hq]
      const pk = pkIn ?? this.projectKeys(keys);
      let scores: Tensor; // [B, Tq, S]
      if (this.energyLayer && this.queryLayer) {
        const hidden = tanh(add(expandDims(this.queryLayer.forward(q), 2), expandDims(pk, 1)));
        scores = squeeze(this.energyLayer.forward(hidden), [3]);
      } else {
        scores = mm(q, transposeLast(pk)); // not matMul(..., transposeB): slow on wasm (core mm)
      }
      let keep: Tensor | null = opts.mask ? reshape(opts.mask, [B, 1, S]) : null;
      if (!this.positionLayer || !this.positionEnergy || this.windowD === null) {
        return finish(maskedSoftmax(scores, { keep }), opts.values ?? keys, step);
      }
      // Local-p: centre, window, Gaussian.
      const len = opts.mask ? reshape(sum(cast(opts.mask, 'float32'), -1), [B, 1, 1]) : S;
      const p = mul(sigmoid(this.positionEnergy.forward(tanh(this.positionLayer.forward(q)))), len); // [B, Tq, 1]
      const dist = sub(reshape(range(0, S, 1, 'float32'), [1, 1, S]), p); // [B, Tq, S]
      const inWindow = lessEqual(abs(dist), this.windowD);
      keep = keep ? logicalAnd(keep, inWindow) : inWindow;
      const sigma = this.windowD / 2;
      const gauss = exp(div(square(dist), -2 * sigma * sigma));
      const weights = mul(maskedSoftmax(scores, { keep }), gauss);
      const out = finish(weights, opts.values ?? keys, step);
      const positions = step ? reshape(p, [B]) : reshape(p, [B, Tq]);
      return { ...out, positions };
    });
  }
}
