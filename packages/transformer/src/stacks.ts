import { type LayerNorm, Module, ModuleList } from '@seqlab/core';
import { keep as tidyKeep, tidy, transpose, type Tensor } from '@tensorflow/tfjs-core';
import { DecoderCache } from './decoder-cache.js';
import { decoderLayerStep } from './incremental.js';
import type { TransformerDecoderLayer, DecoderMasks } from './decoder-layer.js';
import type { TransformerEncoderLayer, EncoderMasks } from './encoder-layer.js';

/**
 * PyTorch's `nn.TransformerEncoder`: `numLayers` independent layers (`layers.0`, `layers.1`, ...)
 * built by `makeLayer`, and an optional final `norm` (used with pre-norm layers and by
 * `nn.Transformer`).
 */
export class TransformerEncoder extends Module {
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: LayerNorm | null;

  constructor(makeLayer: (index: number) => TransformerEncoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = this.addModule('layers', new ModuleList(Array.from({ length: numLayers }, (_, i) => makeLayer(i))));
    this.norm = norm ? this.addModule('norm', norm) : null;
  }

  /** Runs every layer, then the final norm. */
  forward(src: Tensor, masks: EncoderMasks = {}): Tensor {
    return tidy(() => {
      let x = src;
      for (const layer of this.layers) x = layer.forward(x, masks);
      return this.norm ? this.norm.forward(x) : x;
    });
  }
}

/** PyTorch's `nn.TransformerDecoder`: `layers.i` and an optional final `norm`. */
export class TransformerDecoder extends Module {
  readonly layers: ModuleList<TransformerDecoderLayer>;
  readonly norm: LayerNorm | null;

  constructor(makeLayer: (index: number) => TransformerDecoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = this.addModule('layers', new ModuleList(Array.from({ length: numLayers }, (_, i) => makeLayer(i))));
    this.norm = norm ? this.addModule('norm', norm) : null;
  }

  /** Runs every layer over `memory`, then the final norm. */
  forward(tgt: Tensor, memory: Tensor, masks: DecoderMasks = {}): Tensor {
    return this.forwardWithWeights(tgt, memory, masks, false).output;
  }

  /**
   * Also returns the last layer's cross-attention weights `[N, T, S]` (for attention maps).
   * The caller owns (and disposes) both returned tensors; the weights survive enclosing `tidy`s.
   */
  forwardWithWeights(tgt: Tensor, memory: Tensor, masks: DecoderMasks = {}, needWeights = true): { output: Tensor; crossWeights: Tensor | null } {
    let crossWeights: Tensor | null = null;
    const output = tidy(() => {
      let x = tgt;
      const n = this.layers.length;
      let i = 0;
      for (const layer of this.layers) {
        const last = ++i === n;
        const r = layer.forwardWithWeights(x, memory, masks, needWeights && last);
        x = r.output;
        if (r.crossWeights) {
          crossWeights = r.crossWeights;
          tidyKeep(r.crossWeights);
        }
      }
      return this.norm ? this.norm.forward(x) : x;
    });
    return { output, crossWeights };
  }

  /**
   * A {@link DecoderCache} for incremental decoding over `memory` (cross-attention keys/values
   * projected once). `memoryKeyPaddingMask` `[N, S]`: `true` = padding (PyTorch's convention).
   */
  createCache(memory: Tensor, memoryKeyPaddingMask?: Tensor): DecoderCache {
    return DecoderCache.forMemory(this, memory, memoryKeyPaddingMask);
  }

  /**
   * Incremental decoding: the outputs (final norm included) for `t` new target tokens `tgt`
   * (`[N, t, E]` batch-first, else `[t, N, E]`) following the `cache.length` tokens already in
   * `cache`, which it extends. Equal (eval mode) to the matching rows of
   * {@link TransformerDecoder.forward} over the whole prefix with `tgtIsCausal` and the cache's
   * memory padding mask, with each position's self-attention keys/values computed once. With
   * `needWeights`, also the last layer's cross-attention weights `[N, t, S]` (caller disposes).
   */
  forwardIncremental(tgt: Tensor, cache: DecoderCache, needWeights = false): { output: Tensor; crossWeights: Tensor | null } {
    const batchFirst = this.layers.at(0)?.opts.batchFirst ?? true;
    let crossWeights: Tensor | null = null;
    const t = tgt.shape[batchFirst ? 1 : 0]!;
    const output = tidy(() => {
      let x = batchFirst ? tgt : transpose(tgt, [1, 0, 2]);
      const n = this.layers.length;
      let i = 0;
      for (const layer of this.layers) {
        const last = i === n - 1;
        const r = decoderLayerStep(layer, x, cache, i++, needWeights && last);
        x = r.output;
        if (r.crossWeights) crossWeights = tidyKeep(r.crossWeights);
      }
      const y = this.norm ? this.norm.forward(x) : x;
      return batchFirst ? y : transpose(y, [1, 0, 2]);
    });
    cache.self.length += t;
    return { output, crossWeights };
  }
}
