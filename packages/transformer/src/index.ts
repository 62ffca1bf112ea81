/**
 * `@seqlab/transformer`: PyTorch-compatible transformer layers and models on tfjs-core.
 * @packageDocumentation
 */
export { activate, gelu, type Activation } from './activation.js';
export { TransformerDecoderLayer, type DecoderMasks } from './decoder-layer.js';
export { TransformerEncoderLayer, type EncoderMasks } from './encoder-layer.js';
export { encoderLayerStep, lastPosition } from './incremental.js';
export { KVCache } from './kv-cache.js';
export { TransformerLM, type TransformerLMOptions } from './lm.js';
export { resolveLayerOptions, type ResolvedLayerOptions, type TransformerLayerOptions } from './options.js';
export { TransformerDecoder, TransformerEncoder } from './stacks.js';
export { Transformer, type TransformerMasks, type TransformerOptions } from './transformer.js';
