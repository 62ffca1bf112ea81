import { Module, mm, transposeLast, uniform, type InitOptions, type Parameter } from '@seqlab/core';
import { add, reshape, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * The output layer of a {@link CharLM} with tied weights: `y = x Eᵀ + bias` where `E` is the
 * encoder's embedding matrix `[vocabSize, hiddenSize]`. Owns only `bias` (state-dict name
 * `decoder.bias`), initialised like `nn.Linear`'s bias, so the shared matrix is stored once.
 */
export class CharLMTiedDecoder extends Module {
  readonly bias: Parameter;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: InitOptions = {},
  ) {
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = this.addParameter('bias', uniform([outFeatures], -bound, bound, opts));
  }

  /** `x` `[..., inFeatures]` times the shared `weight` `[outFeatures, inFeatures]` transposed, plus the bias. */
  forward(x: Tensor, weight: Tensor): Tensor {
    return tidy(() => {
      const lead = x.shape.slice(0, -1);
      // mm + transposeLast, not matMul(..., transposeB): see @seqlab/core's Linear (wasm speed).
      const y = add(mm(reshape(x, [-1, this.inFeatures]), transposeLast(weight)), this.bias);
      return reshape(y, [...lead, this.outFeatures]);
    });
  }
}
