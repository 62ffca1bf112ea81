import { reshape, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors.js';
import { uniform, type InitOptions } from '../init.js';
import { Module, type Parameter } from '../module.js';
import { addBias, mm, transposeLast } from '../ops/matmul.js';

/** Options of {@link Linear}. */
export interface LinearOptions extends InitOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * `y = x Wᵀ + b`, PyTorch's `nn.Linear`: `weight` is `[outFeatures, inFeatures]`, `bias` is
 * `[outFeatures]`, both initialised U(-1/√inFeatures, 1/√inFeatures) as PyTorch does
 * (kaiming_uniform with a = √5). Input `[..., inFeatures]`, output `[..., outFeatures]`.
 */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions = {},
  ) {
    super();
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = this.addParameter('weight', uniform([outFeatures, inFeatures], -bound, bound, opts));
    this.bias = (opts.bias ?? true) ? this.addParameter('bias', uniform([outFeatures], -bound, bound, opts)) : null;
  }

  /** Applies the layer to `x` of shape `[..., inFeatures]`. */
  forward(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError('input', [...x.shape.slice(0, -1).map(() => null), this.inFeatures], x.shape, 'Linear');
    }
    return tidy(() => {
      const lead = x.shape.slice(0, -1);
      const x2 = reshape(x, [-1, this.inFeatures]);
      // Not tf.fused.matMul: in tfjs-backend-wasm 4.22 fused matMul with transposeB + bias
      // returns wrong values. Not matMul(x, W, false, true) either: wasm's transposeB path is
      // ~10x slower than a plain product; mm transposes explicitly, gradient included.
      const xw = mm(x2, transposeLast(this.weight));
      const y = this.bias ? addBias(xw, this.bias) : xw;
      return reshape(y, [...lead, this.outFeatures]);
    });
  }
}
