/**
 * Learned absolute positions: an embedding table indexed by position (BERT / GPT-2 style).
 * @module
 */
import { Module, normal, type InitOptions, type Parameter } from '@seqlab/core';
import { slice, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { addPositionTable } from './add-table.js';
import { checkFits, checkOffset, checkPositiveInt } from './check.js';

/** Options of {@link LearnedPositionalEmbedding}. */
export interface LearnedPositionalOptions extends InitOptions {
  /** `x` is `[B, T, d]` (true, default) or `[T, B, d]`. */
  batchFirst?: boolean;
}

/**
 * `x + weight[offset : offset + T]`, where `weight` `[maxLen, d]` is a trainable table initialised
 * N(0, 1) like `nn.Embedding` (state dict key `weight`, the same as an `nn.Embedding(maxLen, d)`
 * holding positions). Positions are contiguous, so rows are taken with a slice rather than a
 * gather: its gradient (a pad) works on every backend.
 *
 * @example
 * ```ts
 * const pos = new LearnedPositionalEmbedding(512, 64);
 * const y = pos.forward(tokens);                 // [B, T, 64]
 * const next = pos.forward(step, { offset: t }); // position t while decoding
 * ```
 */
export class LearnedPositionalEmbedding extends Module {
  readonly weight: Parameter;
  readonly batchFirst: boolean;

  constructor(
    readonly maxLen: number,
    readonly dModel: number,
    opts: LearnedPositionalOptions = {},
  ) {
    super();
    checkPositiveInt('maxLen', maxLen, 'LearnedPositionalEmbedding');
    checkPositiveInt('dModel', dModel, 'LearnedPositionalEmbedding');
    this.batchFirst = opts.batchFirst ?? true;
    this.weight = this.addParameter('weight', normal([maxLen, dModel], 0, 1, opts.rng ? { rng: opts.rng } : {}));
  }

  /** The embeddings of positions `offset .. offset + length - 1`, `[length, dModel]`. */
  encoding(length: number, offset = 0): Tensor {
    checkOffset(offset, 'LearnedPositionalEmbedding');
    checkFits(offset, length, this.maxLen, 'LearnedPositionalEmbedding');
    return slice(this.weight, [offset, 0], [length, this.dModel]);
  }

  /** `x + weight[offset : offset + T]` for `x` `[B, T, d]` (`[T, B, d]` when not batch-first; `[T, d]` unbatched). */
  forward(x: Tensor, opts: { offset?: number } = {}): Tensor {
    return tidy(() => addPositionTable(x, opts.offset ?? 0, this, 'LearnedPositionalEmbedding'));
  }

}
