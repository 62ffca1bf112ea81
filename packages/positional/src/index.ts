/**
 * `@seqlab/positional`: positional encodings on `@tensorflow/tfjs-core`, each with an `offset` for
 * incremental decoding (the encoding at offset `o` equals rows `o ..` of the full table):
 * {@link SinusoidalPositionalEncoding} (Vaswani et al.; the PyTorch tutorial's values),
 * {@link LearnedPositionalEmbedding} (a trainable table of positions) and
 * {@link RotaryEmbedding} (RoPE, GPT-NeoX / LLaMA layout).
 * @packageDocumentation
 */
export { LearnedPositionalEmbedding, type LearnedPositionalOptions } from './learned.js';
export { RotaryEmbedding, type RotaryOptions } from './rotary.js';
export { sinusoidalTable, SinusoidalPositionalEncoding, type SinusoidalOptions } from './sinusoidal.js';
