import type { MultiHeadAttention } from '@seqlab/attention';
import type { Dropout, LayerNorm } from '@seqlab/core';
import { add, keep, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { feedForward } from './feed-forward.js';
import { TransformerLayerBase } from './layer-base.js';
import type { TransformerLayerOptions } from './options.js';

/** Masks of a decoder layer, in PyTorch's convention (`true` = NOT allowed / padding). */
export interface DecoderMasks {
  /** `[T, T]` (or per head) mask on the target self-attention; bool or additive float. */
  tgtMask?: Tensor;
  /** `[T, S]` (or per head) mask on the cross-attention. */
  memoryMask?: Tensor;
  /** `[N, T]`: `true` where the target token is padding. */
  tgtKeyPaddingMask?: Tensor;
  /** `[N, S]`: `true` where the memory (source) token is padding. */
  memoryKeyPaddingMask?: Tensor;
  /** Build a causal mask on the target self-attention (combined with `tgtMask`). */
  tgtIsCausal?: boolean;
}

/**
 * PyTorch's `nn.TransformerDecoderLayer`: masked self-attention, cross-attention over the
 * encoder's memory, and a feed-forward block; post-norm or pre-norm. State dict: `self_attn.*`,
 * `multihead_attn.*`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`, `norm3.*`.
 */
export class TransformerDecoderLayer extends TransformerLayerBase {
  readonly selfAttn: MultiHeadAttention;
  readonly multiheadAttn: MultiHeadAttention;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly dropout3: Dropout;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super(dModel, nhead, options, ['self_attn', 'multihead_attn']);
    [this.selfAttn, this.multiheadAttn] = this.attentions as [MultiHeadAttention, MultiHeadAttention];
    [this.norm1, this.norm2, this.norm3] = this.norms as [LayerNorm, LayerNorm, LayerNorm];
    [this.dropout1, this.dropout2, this.dropout3] = this.dropouts as [Dropout, Dropout, Dropout];
  }

  /** `tgt` `[N, T, E]` and `memory` `[N, S, E]` with `batchFirst` (else time-major). */
  forward(tgt: Tensor, memory: Tensor, masks: DecoderMasks = {}): Tensor {
    return this.forwardWithWeights(tgt, memory, masks, false).output;
  }

  /**
   * {@link TransformerDecoderLayer.forward} that also returns the cross-attention weights
   * (`[N, T, S]`, averaged over heads) for visualisation.
   */
  forwardWithWeights(tgt: Tensor, memory: Tensor, masks: DecoderMasks = {}, needWeights = true): { output: Tensor; crossWeights: Tensor | null } {
    let crossWeights: Tensor | null = null;
    const output = tidy(() => {
      const sa = (x: Tensor) =>
        this.dropout1.forward(
          this.selfAttn.forward(x, x, x, {
            ...(masks.tgtMask ? { attnMask: masks.tgtMask } : {}),
            ...(masks.tgtKeyPaddingMask ? { keyPaddingMask: masks.tgtKeyPaddingMask } : {}),
            isCausal: masks.tgtIsCausal ?? false,
            needWeights: false,
          }).output,
        );
      const ca = (x: Tensor) => {
        const r = this.multiheadAttn.forward(x, memory, memory, {
          ...(masks.memoryMask ? { attnMask: masks.memoryMask } : {}),
          ...(masks.memoryKeyPaddingMask ? { keyPaddingMask: masks.memoryKeyPaddingMask } : {}),
          needWeights,
        });
        if (r.weights) {
          crossWeights = r.weights;
          keep(r.weights);
        }
        return this.dropout2.forward(r.output);
      };
      const ff = (x: Tensor) => this.dropout3.forward(feedForward(x, this.linear1, this.dropout, this.linear2, this.opts.activation));
      let x = tgt;
      if (this.opts.normFirst) {
        x = add(x, sa(this.norm1.forward(x)));
        x = add(x, ca(this.norm2.forward(x)));
        x = add(x, ff(this.norm3.forward(x)));
      } else {
        x = this.norm1.forward(add(x, sa(x)));
        x = this.norm2.forward(add(x, ca(x)));
        x = this.norm3.forward(add(x, ff(x)));
      }
      return x;
    });
    return { output, crossWeights };
  }
}
