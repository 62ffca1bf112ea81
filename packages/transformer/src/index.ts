/**
 * `@seqlab/transformer`: PyTorch-compatible transformer layers and models on tfjs-core.
 * @packageDocumentation
 */
export { activate, gelu, type Activation } from './activation.js';
export { TransformerDecoderLayer, type DecoderMasks } from './decoder-layer.js';
export { TransformerEncoderLayer, type EncoderMasks } from './encoder-layer.js';
export { attendToHeads, inProjSlice, project, splitHeads, type OutputProjection } from './cached-attention.js';
export { DecoderCache, type DecoderLayerWeights } from './decoder-cache.js';
export { decoderLayerStep, encoderLayerStep, lastPosition, type SelfAttentionWeights } from './incremental.js';
export { KVCache } from './kv-cache.js';
export { TransformerLayerBase } from './layer-base.js';
export { TransformerLM, type TransformerLMOptions } from './lm.js';
export { resolveLayerOptions, type ResolvedLayerOptions, type TransformerLayerOptions } from './options.js';
export { TransformerDecoder, TransformerEncoder } from './stacks.js';
export { Transformer, type TransformerMasks, type TransformerOptions } from './transformer.js';
