import { LayerNorm, Module } from '@seqlab/core';
import { equal, fill, linalg, ones, tidy, where, zeros, type Tensor } from '@tensorflow/tfjs-core';
import type { DecoderMasks } from './decoder-layer.js';
import { TransformerDecoderLayer } from './decoder-layer.js';
import { TransformerEncoderLayer } from './encoder-layer.js';
import type { TransformerLayerOptions } from './options.js';
import { TransformerDecoder, TransformerEncoder } from './stacks.js';

/** Hyperparameters of {@link Transformer}, PyTorch's `nn.Transformer` arguments and defaults. */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Model width (default 512). */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
}

/** All masks of a {@link Transformer} call, PyTorch's convention (`true` = blocked / padding). */
export interface TransformerMasks extends DecoderMasks {
  srcMask?: Tensor;
  srcKeyPaddingMask?: Tensor;
}

/**
 * PyTorch's `nn.Transformer`: an encoder stack and a decoder stack, each with a final LayerNorm.
 * State dict keys equal PyTorch's (`encoder.layers.0.self_attn.in_proj_weight`, ...,
 * `decoder.norm.bias`), so `nn.Transformer` weights load unchanged. Inputs are already-embedded
 * sequences, as in PyTorch.
 */
export class Transformer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly encoder: TransformerEncoder;
  readonly decoder: TransformerDecoder;

  constructor(opts: TransformerOptions = {}) {
    super();
    this.dModel = opts.dModel ?? 512;
    this.nhead = opts.nhead ?? 8;
    const eps = opts.layerNormEps ?? 1e-5;
    const layerOpts: TransformerLayerOptions = { ...opts };
    this.encoder = this.addModule(
      'encoder',
      new TransformerEncoder(() => new TransformerEncoderLayer(this.dModel, this.nhead, layerOpts), opts.numEncoderLayers ?? 6, new LayerNorm(this.dModel, { eps })),
    );
    this.decoder = this.addModule(
      'decoder',
      new TransformerDecoder(() => new TransformerDecoderLayer(this.dModel, this.nhead, layerOpts), opts.numDecoderLayers ?? 6, new LayerNorm(this.dModel, { eps })),
    );
  }

  /** Encodes `src`, then decodes `tgt` over it. Shapes as PyTorch (`batchFirst` or time-major). */
  forward(src: Tensor, tgt: Tensor, masks: TransformerMasks = {}): Tensor {
    return tidy(() => {
      const memory = this.encode(src, masks);
      return this.decoder.forward(tgt, memory, masks);
    });
  }

  /** The encoder half: memory for {@link TransformerDecoder.forward}. */
  encode(src: Tensor, masks: Pick<TransformerMasks, 'srcMask' | 'srcKeyPaddingMask'> = {}): Tensor {
    return this.encoder.forward(src, {
      ...(masks.srcMask ? { srcMask: masks.srcMask } : {}),
      ...(masks.srcKeyPaddingMask ? { srcKeyPaddingMask: masks.srcKeyPaddingMask } : {}),
    });
  }

  /**
   * `nn.Transformer.generate_square_subsequent_mask`: a `[size, size]` float mask with 0 on and
   * below the diagonal and -Infinity above it.
   */
  static generateSquareSubsequentMask(size: number): Tensor {
    return tidy(() => {
      const lower = linalg.bandPart(ones([size, size]), -1, 0);
      return where(equal(lower, 1), zeros([size, size]), fill([size, size], -Infinity));
    });
  }
}
