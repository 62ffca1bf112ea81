import { Embedding, Linear, Module, ShapeError, type Generator } from '@seqlab/core';
import { SinusoidalPositionalEncoding } from '@seqlab/positional';
import { Transformer } from '@seqlab/transformer';
import { concat, dispose, equal, gather, mul, reshape, slice, tensor1d, tensor2d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { StepOutput } from '../decoding/types.js';
import type { Seq2SeqModel } from './types.js';

/** Hyperparameters of {@link TransformerSeq2Seq}. */
export interface TransformerSeq2SeqConfig {
  srcVocab: number;
  tgtVocab: number;
  /** Padding id of both vocabularies (its embedding row stays zero; masked in attention). */
  padId: number;
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  dimFeedforward?: number;
  dropout?: number;
  /** Longest source or target sequence (default 256). */
  maxLen?: number;
  rng?: Generator;
}

/** Decoding state of {@link TransformerSeq2Seq}: the encoded source and the target prefix so far. */
export interface Seq2SeqState {
  memory: Tensor;
  /** `[rows, S]` bool, `true` at source padding (PyTorch's key_padding_mask convention). */
  srcPad: Tensor;
  /** `[rows, t]` int32 target tokens fed so far (BOS first); null before the first step. */
  prefix: Tensor | null;
}

/**
 * A Transformer translator (Vaswani et al.): source and target embeddings scaled by √d plus
 * sinusoidal positions, `nn.Transformer` (batch-first), and a linear generator over the target
 * vocabulary. Also a {@link StepModel}, so greedy / beam / sampling decoders drive it, returning
 * the last decoder layer's cross-attention for heat-maps.
 */
export class TransformerSeq2Seq extends Module implements Seq2SeqModel<Seq2SeqState> {
  /** `architecture.type` of this model in bundles. */
  static readonly type = 'transformer-seq2seq';
  readonly config: Required<Omit<TransformerSeq2SeqConfig, 'rng'>>;
  readonly srcEmbed: Embedding;
  readonly tgtEmbed: Embedding;
  readonly pos: SinusoidalPositionalEncoding;
  readonly transformer: Transformer;
  readonly generator: Linear;

  constructor(cfg: TransformerSeq2SeqConfig) {
    super();
    const c = (this.config = {
      srcVocab: cfg.srcVocab,
      tgtVocab: cfg.tgtVocab,
      padId: cfg.padId,
      dModel: cfg.dModel ?? 256,
      nhead: cfg.nhead ?? 4,
      numEncoderLayers: cfg.numEncoderLayers ?? 3,
      numDecoderLayers: cfg.numDecoderLayers ?? 3,
      dimFeedforward: cfg.dimFeedforward ?? 4 * (cfg.dModel ?? 256),
      dropout: cfg.dropout ?? 0.1,
      maxLen: cfg.maxLen ?? 256,
    });
    const init = cfg.rng ? { rng: cfg.rng } : {};
    this.srcEmbed = this.addModule('src_embed', new Embedding(c.srcVocab, c.dModel, { ...init, paddingIdx: c.padId }));
    this.tgtEmbed = this.addModule('tgt_embed', new Embedding(c.tgtVocab, c.dModel, { ...init, paddingIdx: c.padId }));
    this.pos = this.addModule('pos', new SinusoidalPositionalEncoding(c.dModel, { maxLen: c.maxLen, dropout: c.dropout, ...init }));
    this.transformer = this.addModule(
      'transformer',
      new Transformer({ dModel: c.dModel, nhead: c.nhead, numEncoderLayers: c.numEncoderLayers, numDecoderLayers: c.numDecoderLayers, dimFeedforward: c.dimFeedforward, dropout: c.dropout, batchFirst: true, ...init }),
    );
    this.generator = this.addModule('generator', new Linear(c.dModel, c.tgtVocab, init));
  }

  /** Teacher-forced logits `[N, T, tgtVocab]` for source ids `[N, S]` and target inputs `[N, T]`. */
  forward(src: Tensor, tgtIn: Tensor): Tensor {
    this.checkIds('src', src);
    this.checkIds('tgtIn', tgtIn);
    return tidy(() => {
      const srcPad = equal(src, this.config.padId);
      const memory = this.encodeWithMask(src, srcPad);
      return this.decodeLogits(tgtIn, memory, srcPad).logits; // no cross weights requested
    });
  }

  /** Encodes a source batch: the initial decoding state (caller disposes with {@link disposeState}). */
  encode(src: Tensor): Seq2SeqState {
    this.checkIds('src', src);
    const srcPad = equal(src, this.config.padId);
    return { memory: tidy(() => this.encodeWithMask(src, srcPad)), srcPad, prefix: null };
  }

  /** {@link StepModel.step}: appends `tokens` to each row's prefix and scores the next token. */
  step(tokens: Int32Array, state: Seq2SeqState): StepOutput<Seq2SeqState> {
    return tidy(() => {
      const col = tensor2d(tokens, [tokens.length, 1], 'int32');
      const prefix = state.prefix ? concat([state.prefix, col], 1) : col;
      const { logits, cross } = this.decodeLogits(prefix, state.memory, state.srcPad, true);
      const [n, t, v] = logits.shape as [number, number, number];
      const last = reshape(slice(logits, [0, t - 1, 0], [n, 1, v]), [n, v]);
      const s = cross!.shape[2]!;
      const attention = reshape(slice(cross!, [0, t - 1, 0], [n, 1, s]), [n, s]);
      cross!.dispose(); // kept (escapes tidy) by the decoder: free it once sliced
      return { logits: last, attention, state: { memory: state.memory.clone(), srcPad: state.srcPad.clone(), prefix } };
    }) as StepOutput<Seq2SeqState>;
  }

  /** {@link StepModel.selectRows}. */
  selectRows(state: Seq2SeqState, indices: Int32Array): Seq2SeqState {
    const idx = tensor1d(indices, 'int32');
    const out = { memory: gather(state.memory, idx), srcPad: gather(state.srcPad, idx), prefix: state.prefix ? gather(state.prefix, idx) : null };
    idx.dispose();
    return out;
  }

  /** {@link StepModel.disposeState}. */
  disposeState(state: Seq2SeqState): void {
    dispose([state.memory, state.srcPad, ...(state.prefix ? [state.prefix] : [])]);
  }

  private encodeWithMask(src: Tensor, srcPad: Tensor): Tensor {
    const x = this.pos.forward(mul(this.srcEmbed.forward(src), Math.sqrt(this.config.dModel)));
    return this.transformer.encode(x, { srcKeyPaddingMask: srcPad });
  }

  private decodeLogits(tgtIn: Tensor, memory: Tensor, srcPad: Tensor, wantCross = false): { logits: Tensor; cross: Tensor | null } {
    const y = this.pos.forward(mul(this.tgtEmbed.forward(tgtIn), Math.sqrt(this.config.dModel)));
    const { output, crossWeights } = this.transformer.decoder.forwardWithWeights(y, memory, { tgtIsCausal: true, memoryKeyPaddingMask: srcPad }, wantCross);
    return { logits: this.generator.forward(output), cross: crossWeights };
  }

  private checkIds(name: string, ids: Tensor): void {
    if (ids.rank !== 2) throw new ShapeError(name, [null, null], ids.shape, 'TransformerSeq2Seq');
    if (ids.shape[1]! > this.config.maxLen) throw new ShapeError(name, `[N, <= ${this.config.maxLen}]`, ids.shape, 'TransformerSeq2Seq');
  }
}
