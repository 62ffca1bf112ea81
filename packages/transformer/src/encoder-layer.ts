import type { MultiHeadAttention } from '@seqlab/attention';
import type { Dropout, LayerNorm } from '@seqlab/core';
import { add, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { feedForward } from './feed-forward.js';
import { TransformerLayerBase } from './layer-base.js';
import type { TransformerLayerOptions } from './options.js';

/** Masks of an encoder layer, in PyTorch's convention (`true` = NOT allowed / padding). */
export interface EncoderMasks {
  /** `[T, T]` or `[N·nhead, T, T]`: bool (`true` = blocked) or additive float. */
  srcMask?: Tensor;
  /** `[N, T]`: `true` where the token is padding. */
  srcKeyPaddingMask?: Tensor;
  /** Build a causal mask (combined with `srcMask`). */
  isCausal?: boolean;
}

/**
 * PyTorch's `nn.TransformerEncoderLayer`: self-attention and a feed-forward block, each with a
 * residual connection and LayerNorm, post-norm (Vaswani et al.) or pre-norm (`normFirst`).
 * State dict: `self_attn.*`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*` as PyTorch.
 */
export class TransformerEncoderLayer extends TransformerLayerBase {
  readonly selfAttn: MultiHeadAttention;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super(dModel, nhead, options, ['self_attn']);
    this.selfAttn = this.attentions[0]!;
    [this.norm1, this.norm2] = this.norms as [LayerNorm, LayerNorm];
    [this.dropout1, this.dropout2] = this.dropouts as [Dropout, Dropout];
  }

  /** `src`: `[N, T, E]` with `batchFirst`, else `[T, N, E]`. Returns the same shape. */
  forward(src: Tensor, masks: EncoderMasks = {}): Tensor {
    return tidy(() => {
      const sa = (x: Tensor) =>
        this.dropout1.forward(
          this.selfAttn.forward(x, x, x, {
            ...(masks.srcMask ? { attnMask: masks.srcMask } : {}),
            ...(masks.srcKeyPaddingMask ? { keyPaddingMask: masks.srcKeyPaddingMask } : {}),
            isCausal: masks.isCausal ?? false,
            needWeights: false,
          }).output,
        );
      const ff = (x: Tensor) => this.dropout2.forward(feedForward(x, this.linear1, this.dropout, this.linear2, this.opts.activation));
      let x = src;
      if (this.opts.normFirst) {
        x = add(x, sa(this.norm1.forward(x)));
        x = add(x, ff(this.norm2.forward(x)));
      } else {
        x = this.norm1.forward(add(x, sa(x)));
        x = this.norm2.forward(add(x, ff(x)));
      }
      return x;
    });
  }
}
