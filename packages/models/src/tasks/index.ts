export { createDefaultRegistry } from './architectures.js';
export { CharLM, CharLMTiedDecoder, type CharLMConfig, type CharLMOutput, type CharLMState, type RecurrentCell } from './char-lm.js';
export type { PaddedRecurrentConfig, RecurrentLayer, RecurrentState } from './char-lm-recurrent.js';
export { NameClassifier, type NameClassifierConfig } from './name-classifier.js';
export { NameGenerator, type NameGeneratorConfig, type NameGeneratorState } from './name-generator.js';
export {
  Seq2SeqAttention,
  type ResolvedSeq2SeqAttentionConfig,
  type Seq2SeqAttentionConfig,
  Seq2SeqAttentionDecoder,
  Seq2SeqAttentionEncoder,
  type Seq2SeqAttentionForwardOptions,
  type Seq2SeqAttentionKind,
  type Seq2SeqAttentionState,
  type Seq2SeqCell,
} from './seq2seq-attention.js';
export type { PreparedCell } from './seq2seq-attention-cells.js';
export type { DecoderCarry, DecoderMemory, DecoderStepResult } from './seq2seq-attention-decoder.js';
export type { EncoderOutput } from './seq2seq-attention-encoder.js';
export { TransformerLanguageModel, type TransformerLanguageModelConfig, type TransformerLMState } from './transformer-lm.js';
export { TransformerSeq2Seq, type Seq2SeqState, type TransformerSeq2SeqConfig } from './transformer-seq2seq.js';
export type { Seq2SeqModel } from './types.js';
