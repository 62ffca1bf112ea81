/**
 * Rotary position embedding (RoPE, Su et al. 2021) in the half-rotation layout of GPT-NeoX and
 * LLaMA.
 * @module
 */
import { Module, ShapeError, ValueError } from '@seqlab/core';
import { add, concat, keep, mul, slice, sub, tensor2d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { checkOffset, checkPositiveInt } from './check.js';

/** Options of {@link RotaryEmbedding}. */
export interface RotaryOptions {
  /** Frequency base θ (default 10000). */
  base?: number;
  /** Positions precomputed up front (default 2048); the tables grow on demand past it. */
  maxLen?: number;
}

/**
 * Rotates feature pairs `(x_i, x_{i + dim/2})` of queries / keys by the angle `pos · θ_i`,
 * `θ_i = base^(-2i/dim)`: `out = x · cos + rotate_half(x) · sin` with
 * `rotate_half(x) = cat(-x2, x1)` and `cos`, `sin` of `cat(freqs, freqs)`, exactly as GPT-NeoX /
 * LLaMA (Hugging Face's `apply_rotary_pos_emb`). Only the first `dim` features rotate; the rest
 * pass through (GPT-NeoX's partial `rotary_pct`).
 *
 * Angles are computed in float64 and rounded once to float32 (Hugging Face computes them in
 * float32, which drifts by up to ~1e-4 rad at positions in the thousands). No parameters.
 *
 * @example
 * ```ts
 * const rope = new RotaryEmbedding(64);
 * const q2 = rope.apply(q);                    // q: [B, H, T, 64]
 * const k2 = rope.apply(kStep, { offset: t }); // the key of decoding step t
 * ```
 */
export class RotaryEmbedding extends Module {
  readonly base: number;
  private cached = 0;
  private cos: Tensor | null = null;
  private sin: Tensor | null = null;

  constructor(
    readonly dim: number,
    opts: RotaryOptions = {},
  ) {
    super();
    checkPositiveInt('dim', dim, 'RotaryEmbedding');
    if (dim % 2 !== 0) throw new ValueError(`RotaryEmbedding: dim must be even, got ${dim}`);
    this.base = opts.base ?? 10000;
    if (!(this.base > 0)) throw new ValueError(`RotaryEmbedding: base must be positive, got ${this.base}`);
    const maxLen = opts.maxLen ?? 2048;
    checkPositiveInt('maxLen', maxLen, 'RotaryEmbedding');
    this.grow(maxLen);
  }

  /** `cos` and `sin` of `pos · θ_i` for positions `offset .. offset + length - 1`: two `[length, dim/2]` tensors. */
  angles(length: number, offset = 0): { cos: Tensor; sin: Tensor } {
    checkOffset(offset, 'RotaryEmbedding');
    if (offset + length > this.cached) this.grow(Math.max(offset + length, 2 * this.cached));
    const h = this.dim / 2;
    return { cos: slice(this.cos!, [offset, 0], [length, h]), sin: slice(this.sin!, [offset, 0], [length, h]) };
  }

  /**
   * Applies the rotation to `x` `[..., T, D]` (D >= dim; e.g. `[B, H, T, headDim]`) at positions
   * `offset .. offset + T - 1`. Differentiable (the gradient is the inverse rotation).
   */
  apply(x: Tensor, opts: { offset?: number } = {}): Tensor {
    const ctx = 'RotaryEmbedding';
    if (x.rank < 2 || x.shape[x.rank - 1]! < this.dim) {
      throw new ShapeError('x', `[..., T, D] with rank >= 2 and D >= ${this.dim}`, x.shape, ctx);
    }
    const offset = opts.offset ?? 0;
    checkOffset(offset, ctx);
    const T = x.shape[x.rank - 2]!;
    const D = x.shape[x.rank - 1]!;
    const h = this.dim / 2;
    return tidy(() => {
      const { cos, sin } = this.angles(T, offset);
      const lead = x.shape.slice(0, -1).map(() => 0);
      const size = x.shape.slice(0, -1).map(() => -1);
      const x1 = slice(x, [...lead, 0], [...size, h]);
      const x2 = slice(x, [...lead, h], [...size, h]);
      // x·cos + rotate_half(x)·sin, written per half: (x1 cos - x2 sin, x2 cos + x1 sin).
      const parts = [sub(mul(x1, cos), mul(x2, sin)), add(mul(x2, cos), mul(x1, sin))];
      if (D > this.dim) parts.push(slice(x, [...lead, this.dim], [...size, D - this.dim]));
      return concat(parts, -1);
    });
  }

  /** `apply` under the name the Module API uses elsewhere. */
  forward(x: Tensor, opts: { offset?: number } = {}): Tensor {
    return this.apply(x, opts);
  }

  private grow(length: number): void {
    const h = this.dim / 2;
    const c = new Float32Array(length * h);
    const s = new Float32Array(length * h);
    for (let i = 0; i < h; i++) {
      const theta = this.base ** ((-2 * i) / this.dim);
      for (let p = 0; p < length; p++) {
        c[p * h + i] = Math.cos(p * theta);
        s[p * h + i] = Math.sin(p * theta);
      }
    }
    // keep(): the tables may be (re)built inside a caller's tidy and must outlive it.
    const cos = keep(tensor2d(c, [length, h]));
    const sin = keep(tensor2d(s, [length, h]));
    if (this.cos) {
      this.setBuffer('cos_cached', cos);
      this.setBuffer('sin_cached', sin);
    } else {
      this.addBuffer('cos_cached', cos, false);
      this.addBuffer('sin_cached', sin, false);
    }
    this.cos = cos;
    this.sin = sin;
    this.cached = length;
  }
}
