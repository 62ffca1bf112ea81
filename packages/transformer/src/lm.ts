import { Embedding, LayerNorm, Linear, mm, Module, ModuleList, ShapeError, transposeLast, ValueError, type Generator } from '@seqlab/core';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding } from '@seqlab/positional';
import { mul, reshape, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { Activation } from './activation.js';
import { TransformerEncoderLayer } from './encoder-layer.js';
import { encoderLayerStep } from './incremental.js';
import { KVCache } from './kv-cache.js';

/** Hyperparameters of {@link TransformerLM}. */
export interface TransformerLMOptions {
  vocabSize: number;
  /** Model width (default 256). */
  dModel?: number;
  /** Attention heads (default 4). */
  nhead?: number;
  /** Layers (default 4). */
  numLayers?: number;
  /** Feed-forward width (default 4·dModel). */
  dimFeedforward?: number;
  /** Dropout (default 0.1). */
  dropout?: number;
  /** Longest sequence, offset included (default 512). */
  maxLen?: number;
  /** `learned` positions (GPT, default) or `sinusoidal` (Vaswani et al.). */
  positional?: 'learned' | 'sinusoidal';
  /** Share the output projection with the token embedding (default true). */
  tieWeights?: boolean;
  /** Pre-norm blocks with a final LayerNorm (default true, as GPT-2) or post-norm. */
  normFirst?: boolean;
  /** Feed-forward activation (default `gelu`). */
  activation?: Activation;
  /** Random source for initialisation and dropout. */
  rng?: Generator;
}

/**
 * A decoder-only (GPT-style) language model: token embedding + positions, causal transformer
 * blocks, optional final LayerNorm, and an output projection tied to the embedding by default.
 * {@link TransformerLM.forwardIncremental} with a {@link KVCache} gives the same logits as a full
 * {@link TransformerLM.forward} while computing each position once.
 */
export class TransformerLM extends Module {
  readonly vocabSize: number;
  readonly dModel: number;
  readonly maxLen: number;
  readonly tieWeights: boolean;
  readonly embed: Embedding;
  readonly pos: LearnedPositionalEmbedding | SinusoidalPositionalEncoding;
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: LayerNorm | null;
  readonly head: Linear | null;
  private readonly embedScale: number;

  constructor(opts: TransformerLMOptions) {
    super();
    if (!Number.isInteger(opts.vocabSize) || opts.vocabSize < 1) throw new ValueError(`TransformerLM: vocabSize must be a positive integer, got ${opts.vocabSize}`);
    const d = (this.dModel = opts.dModel ?? 256);
    this.vocabSize = opts.vocabSize;
    this.maxLen = opts.maxLen ?? 512;
    this.tieWeights = opts.tieWeights ?? true;
    const normFirst = opts.normFirst ?? true;
    const dropout = opts.dropout ?? 0.1;
    const init = opts.rng ? { rng: opts.rng } : {};
    this.embed = this.addModule('embed', new Embedding(this.vocabSize, d, { ...init, checkIds: true }));
    const sinusoidal = (opts.positional ?? 'learned') === 'sinusoidal';
    // Vaswani et al. scale embeddings by √d before adding the fixed sinusoids; GPT does not.
    this.embedScale = sinusoidal ? Math.sqrt(d) : 1;
    this.pos = this.addModule('pos', sinusoidal ? new SinusoidalPositionalEncoding(d, { maxLen: this.maxLen, dropout, ...init }) : new LearnedPositionalEmbedding(this.maxLen, d, init));
    // Token embeddings and learned positions start N(0, 0.02²) as GPT-2's (HF `initializer_range`),
    // not nn.Embedding's N(0, 1): the tied output layer scores a token by LN(h)·e, and a row e of
    // std σ scores itself d·σ (≈ √d·|e|·|LN(h)|), so N(0, 1) rows give the current token a logit of
    // ~d and a first loss far above ln(vocab) (~85 at d=128 on 60 characters; N(0, 1/d) still ~9).
    const scaled = [this.embed.weight, ...(sinusoidal ? [] : [(this.pos as LearnedPositionalEmbedding).weight])];
    for (const w of scaled) w.assign(tidy(() => mul(w, 0.02)));
    const layerOpts = { dimFeedforward: opts.dimFeedforward ?? 4 * d, dropout, activation: opts.activation ?? ('gelu' as const), batchFirst: true, normFirst, ...init };
    this.layers = this.addModule('layers', new ModuleList(Array.from({ length: opts.numLayers ?? 4 }, () => new TransformerEncoderLayer(d, opts.nhead ?? 4, layerOpts))));
    this.norm = normFirst ? this.addModule('norm', new LayerNorm(d)) : null;
    this.head = this.tieWeights ? null : this.addModule('head', new Linear(d, this.vocabSize, { ...init, bias: false }));
  }

  /** Logits `[N, T, vocab]` for int32 token ids `[N, T]`, each position seeing only earlier ones. */
  forward(ids: Tensor): Tensor {
    this.checkIds(ids, 0);
    return tidy(() => {
      let x = this.embedAt(ids, 0);
      for (const layer of this.layers) x = layer.forward(x, { isCausal: true });
      return this.logits(x);
    });
  }

  /** A cache for {@link TransformerLM.forwardIncremental}. */
  createCache(): KVCache {
    return new KVCache(this.layers.length);
  }

  /**
   * Logits `[N, t, vocab]` for `t` new tokens following the `cache.length` tokens already in the
   * cache, which it extends. Equal to the matching rows of {@link TransformerLM.forward} over the
   * whole sequence (in eval mode).
   */
  forwardIncremental(ids: Tensor, cache: KVCache): Tensor {
    const offset = cache.length;
    this.checkIds(ids, offset);
    const out = tidy(() => {
      let x = this.embedAt(ids, offset);
      let i = 0;
      for (const layer of this.layers) x = encoderLayerStep(layer, x, cache, i++, offset);
      return this.logits(x);
    });
    cache.length = offset + ids.shape[1]!;
    return out;
  }

  private checkIds(ids: Tensor, offset: number): void {
    if (ids.rank !== 2) throw new ShapeError('ids', [null, null], ids.shape, 'TransformerLM');
    if (offset + ids.shape[1]! > this.maxLen) {
      throw new ValueError(`TransformerLM: positions up to ${offset + ids.shape[1]!} exceed maxLen ${this.maxLen}`);
    }
  }

  private embedAt(ids: Tensor, offset: number): Tensor {
    const e = this.embed.forward(ids);
    return this.pos.forward(this.embedScale === 1 ? e : mul(e, this.embedScale), { offset });
  }

  private logits(x: Tensor): Tensor {
    const h = this.norm ? this.norm.forward(x) : x;
    if (this.head) return this.head.forward(h);
    const [N, T, d] = h.shape as [number, number, number];
    // mm + an explicit transpose, not matMul(..., transposeB): tfjs-backend-wasm's transposed
    // product (and tfjs's gradient of it) is ~15x slower — 2.5 s of a 9 s d=256 training step.
    return reshape(mm(reshape(h, [N * T, d]), transposeLast(this.embed.weight)), [N, T, this.vocabSize]);
  }
}
