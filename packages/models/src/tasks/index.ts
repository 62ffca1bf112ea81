export { createDefaultRegistry } from './architectures.js';
export { TransformerSeq2Seq, type Seq2SeqState, type TransformerSeq2SeqConfig } from './transformer-seq2seq.js';
export type { Seq2SeqModel } from './types.js';
