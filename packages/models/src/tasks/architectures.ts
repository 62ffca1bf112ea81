import { ArchitectureRegistry } from '../bundle/registry.js';
import { TransformerSeq2Seq, type TransformerSeq2SeqConfig } from './transformer-seq2seq.js';

/**
 * A registry that knows every task model of this package by its `architecture.type`, so
 * `loadBundle(reader, createDefaultRegistry())` loads any bundle `seqlab train` writes.
 * Each model's `architecture` object is its config plus `type`.
 */
export function createDefaultRegistry(): ArchitectureRegistry {
  return new ArchitectureRegistry().register(TransformerSeq2Seq.type, (c) => new TransformerSeq2Seq(c.architecture as unknown as TransformerSeq2SeqConfig));
}
