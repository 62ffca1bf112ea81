import type { Generator } from '@seqlab/core';
import type { Activation } from './activation.js';

/** Hyperparameters of one encoder or decoder layer, named after PyTorch's arguments. */
export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block (default 2048, as PyTorch). */
  dimFeedforward?: number;
  /** Dropout after attention, in and after the feed-forward block (default 0.1). */
  dropout?: number;
  /** Feed-forward activation (default `relu`). */
  activation?: Activation;
  /** LayerNorm epsilon (default 1e-5). */
  layerNormEps?: number;
  /** Inputs `[N, T, E]` (true) or `[T, N, E]` (false, PyTorch's default). */
  batchFirst?: boolean;
  /** Pre-norm (`x + f(norm(x))`, true) or post-norm as in Vaswani et al. (`norm(x + f(x))`, default). */
  normFirst?: boolean;
  /** Random source for initialisation and dropout. */
  rng?: Generator;
}

/** Resolved options with PyTorch's defaults. */
export interface ResolvedLayerOptions {
  dimFeedforward: number;
  dropout: number;
  activation: Activation;
  layerNormEps: number;
  batchFirst: boolean;
  normFirst: boolean;
  rng: Generator | undefined;
}

/** Fills in PyTorch's defaults. */
export function resolveLayerOptions(o: TransformerLayerOptions): ResolvedLayerOptions {
  return {
    dimFeedforward: o.dimFeedforward ?? 2048,
    dropout: o.dropout ?? 0.1,
    activation: o.activation ?? 'relu',
    layerNormEps: o.layerNormEps ?? 1e-5,
    batchFirst: o.batchFirst ?? false,
    normFirst: o.normFirst ?? false,
    rng: o.rng,
  };
}
