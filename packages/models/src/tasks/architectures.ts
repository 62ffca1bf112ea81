import { ArchitectureRegistry } from '../bundle/registry.js';
import { CharLM, type CharLMConfig } from './char-lm.js';
import { NameClassifier, type NameClassifierConfig } from './name-classifier.js';
import { NameGenerator, type NameGeneratorConfig } from './name-generator.js';
import { TransformerLanguageModel, type TransformerLanguageModelConfig } from './transformer-lm.js';
import { Seq2SeqAttention } from './seq2seq-attention.js';
import type { Seq2SeqAttentionConfig } from './seq2seq-attention-config.js';
import { TransformerSeq2Seq, type TransformerSeq2SeqConfig } from './transformer-seq2seq.js';

/**
 * A registry that knows every task model of this package by its `architecture.type`, so
 * `loadBundle(reader, createDefaultRegistry())` loads any bundle `seqlab train` writes.
 * Each model's `architecture` object is its config plus `type`.
 */
export function createDefaultRegistry(): ArchitectureRegistry {
  return new ArchitectureRegistry().register(TransformerSeq2Seq.type, (c) => new TransformerSeq2Seq(c.architecture as unknown as TransformerSeq2SeqConfig))
    .register(NameClassifier.type, (c) => new NameClassifier(c.architecture as unknown as NameClassifierConfig))
    .register(NameGenerator.type, (c) => new NameGenerator(c.architecture as unknown as NameGeneratorConfig))
    .register(CharLM.type, (c) => new CharLM(c.architecture as unknown as CharLMConfig))
    .register(TransformerLanguageModel.type, (c) => new TransformerLanguageModel(c.architecture as unknown as TransformerLanguageModelConfig))
    .register(Seq2SeqAttention.type, (c) => new Seq2SeqAttention(c.architecture as unknown as Seq2SeqAttentionConfig));
}
