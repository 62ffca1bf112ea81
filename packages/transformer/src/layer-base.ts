import { MultiHeadAttention } from '@seqlab/attention';
import { Dropout, LayerNorm, Linear, Module } from '@seqlab/core';
import { resolveLayerOptions, type ResolvedLayerOptions, type TransformerLayerOptions } from './options.js';

/**
 * What PyTorch's `nn.TransformerEncoderLayer` and `nn.TransformerDecoderLayer` have in common,
 * registered in their order so the state dicts match: the attention blocks named in
 * `attentionNames` (`self_attn`, then `multihead_attn` for a decoder), `linear1`, `dropout`,
 * `linear2`, then one `norm<i>` and one `dropout<i>` per residual block (attentions + the
 * feed-forward block).
 */
export abstract class TransformerLayerBase extends Module {
  readonly opts: ResolvedLayerOptions;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  /** The attention blocks, in `attentionNames` order. */
  protected readonly attentions: MultiHeadAttention[];
  /** `norm1`, `norm2`, ... */
  protected readonly norms: LayerNorm[];
  /** `dropout1`, `dropout2`, ... (after each residual block) */
  protected readonly dropouts: Dropout[];

  protected constructor(
    readonly dModel: number,
    readonly nhead: number,
    options: TransformerLayerOptions,
    attentionNames: readonly string[],
  ) {
    super();
    const o = (this.opts = resolveLayerOptions(options));
    const init = o.rng ? { rng: o.rng } : {};
    this.attentions = attentionNames.map((name) =>
      this.addModule(name, new MultiHeadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst, ...init, ...(o.rng ? { dropoutRng: o.rng } : {}) })),
    );
    this.linear1 = this.addModule('linear1', new Linear(dModel, o.dimFeedforward, init));
    this.dropout = this.addModule('dropout', new Dropout(o.dropout, init));
    this.linear2 = this.addModule('linear2', new Linear(o.dimFeedforward, dModel, init));
    const blocks = Array.from({ length: attentionNames.length + 1 }, (_, i) => i + 1);
    this.norms = blocks.map((i) => this.addModule(`norm${i}`, new LayerNorm(dModel, { eps: o.layerNormEps })));
    this.dropouts = blocks.map((i) => this.addModule(`dropout${i}`, new Dropout(o.dropout, init)));
  }
}
