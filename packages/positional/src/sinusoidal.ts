/**
 * Sinusoidal positional encoding (Vaswani et al. 2017), with the values of the PyTorch transformer
 * tutorial's `PositionalEncoding`.
 * @module
 */
import { Dropout, Module, type Generator } from '@seqlab/core';
import { slice, tensor2d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { addPositionTable } from './add-table.js';
import { checkFits, checkOffset, checkPositiveInt } from './check.js';

const f32 = Math.fround;

/**
 * The table `pe[pos, 2i] = sin(pos · div_i)`, `pe[pos, 2i+1] = cos(pos · div_i)`,
 * `div_i = exp(2i · (-ln(10000) / d))`, for positions `offset .. offset + length - 1`, as a
 * row-major `Float32Array` `[length, d]`.
 *
 * Each step is rounded to float32 exactly where the PyTorch tutorial's float32 tensors round
 * (`div_term`, then `position * div_term`), so the table equals the tutorial's to the last bit
 * or one ulp of sin/cos. An odd `d` is allowed (the last column is a sine).
 */
export function sinusoidalTable(length: number, d: number, offset = 0): Float32Array {
  checkPositiveInt('d', d, 'sinusoidalTable');
  checkOffset(offset, 'sinusoidalTable');
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`sinusoidalTable: length must be a non-negative integer, got ${length}`);
  const c = f32(-Math.log(10000) / d);
  const div: number[] = [];
  for (let i = 0; i < d; i += 2) div.push(f32(Math.exp(f32(i * c))));
  const out = new Float32Array(length * d);
  for (let p = 0; p < length; p++) {
    const pos = offset + p;
    for (let j = 0; j < div.length; j++) {
      const angle = f32(pos * div[j]!);
      out[p * d + 2 * j] = Math.sin(angle);
      if (2 * j + 1 < d) out[p * d + 2 * j + 1] = Math.cos(angle);
    }
  }
  return out;
}

/** Options of {@link SinusoidalPositionalEncoding}. */
export interface SinusoidalOptions {
  /** Longest sequence (offset included) the precomputed table covers (default 5000, as the tutorial). */
  maxLen?: number;
  /** Dropout after the addition, in train mode (default 0; the tutorial uses 0.1). */
  dropout?: number;
  /** `x` is `[B, T, d]` (true, default) or `[T, B, d]` (false, the tutorial's layout). */
  batchFirst?: boolean;
  /** Random source for dropout. */
  rng?: Generator;
}

/**
 * Adds the fixed sinusoidal table to `x`, then dropout: the PyTorch tutorial's
 * `PositionalEncoding`. No parameters; the table is a non-persistent buffer `pe` `[maxLen, d]`
 * (so the state dict is empty: load a tutorial checkpoint with `strict: false`, its `pe` is
 * derived data).
 *
 * @example
 * ```ts
 * const pos = new SinusoidalPositionalEncoding(512);
 * const y = pos.forward(embeddings);                  // [B, T, 512]
 * const next = pos.forward(stepEmbedding, { offset: t }); // incremental decoding, position t
 * ```
 */
export class SinusoidalPositionalEncoding extends Module {
  readonly maxLen: number;
  readonly batchFirst: boolean;
  private readonly pe: Tensor;
  private readonly drop: Dropout;

  constructor(
    readonly dModel: number,
    opts: SinusoidalOptions = {},
  ) {
    super();
    const ctx = 'SinusoidalPositionalEncoding';
    checkPositiveInt('dModel', dModel, ctx);
    this.maxLen = opts.maxLen ?? 5000;
    checkPositiveInt('maxLen', this.maxLen, ctx);
    this.batchFirst = opts.batchFirst ?? true;
    this.pe = this.addBuffer('pe', tensor2d(sinusoidalTable(this.maxLen, dModel), [this.maxLen, dModel]), false);
    this.drop = this.addModule('dropout', new Dropout(opts.dropout ?? 0, opts.rng ? { rng: opts.rng } : {}));
  }

  /** The encodings of positions `offset .. offset + length - 1`, `[length, dModel]`. */
  encoding(length: number, offset = 0): Tensor {
    checkOffset(offset, 'SinusoidalPositionalEncoding');
    checkFits(offset, length, this.maxLen, 'SinusoidalPositionalEncoding');
    return slice(this.pe, [offset, 0], [length, this.dModel]);
  }

  /**
   * `dropout(x + pe[offset : offset + T])` for `x` `[B, T, d]` (`[T, B, d]` when not batch-first;
   * `[T, d]` unbatched). `offset` = number of positions already decoded.
   */
  forward(x: Tensor, opts: { offset?: number } = {}): Tensor {
    return tidy(() => this.drop.forward(addPositionTable(x, opts.offset ?? 0, this, 'SinusoidalPositionalEncoding')));
  }

}
