import { add, mean, mul, reshape, rsqrt, square, sub, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors.js';
import { constant } from '../init.js';
import { layerNormWasm } from '../ops/layer-norm-wasm.js';
import { Module, type Parameter } from '../module.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5, as PyTorch). */
  eps?: number;
  /** Learn `weight` and `bias` (default true). */
  elementwiseAffine?: boolean;
  /** Learn `bias` when affine (default true). */
  bias?: boolean;
}

/**
 * PyTorch's `nn.LayerNorm`: normalises over the trailing `normalizedShape` dims with the biased
 * variance, then scales by `weight` (ones) and shifts by `bias` (zeros).
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? this.addParameter('weight', constant(this.normalizedShape, 1)) : null;
    this.bias = affine && (opts.bias ?? true) ? this.addParameter('bias', constant(this.normalizedShape, 0)) : null;
  }

  /** Normalises `x` of shape `[..., ...normalizedShape]`. */
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError('input', [...x.shape.slice(0, Math.max(0, x.rank - k)).map(() => null), ...this.normalizedShape], x.shape, 'LayerNorm');
    }
    return tidy(() => {
      // On wasm: one SIMD kernel each way over the flattened normalized dims (affine layers).
      if (this.weight && this.bias) {
        const C = this.normalizedShape.reduce((a, b) => a * b, 1);
        const lead = x.shape.slice(0, x.rank - k);
        const y = layerNormWasm(reshape(x, [...lead, C]), reshape(this.weight, [C]), reshape(this.bias, [C]), this.eps);
        if (y) return reshape(y, x.shape);
      }
      const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
      const centred = sub(x, mean(x, axes, true));
      const variance = mean(square(centred), axes, true);
      let y = mul(centred, rsqrt(add(variance, this.eps)));
      if (this.weight) y = mul(y, this.weight);
      if (this.bias) y = add(y, this.bias);
      return y;
    });
  }
}
