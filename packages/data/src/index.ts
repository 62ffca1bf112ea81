/**
 * `@seqlab/data`: reading and batching sequence data. Parsers for `source<TAB>target` pairs
 * (Tatoeba / manythings layout, with the PyTorch seq2seq tutorial's filters), names by language
 * (the char-RNN tutorial layout) and plain corpora, each naming file and line on bad input;
 * seeded splits; padding, length bucketing, the word_language_model tutorial's `batchify` /
 * `get_batch`; lazy streaming. Everything is plain TypeScript on host arrays except the small
 * tensor helpers ({@link batchToTensors}, {@link matrixToTensor}).
 * @packageDocumentation
 */
export { DataFormatError } from './errors.js';
export { decodeUtf8, readLines, type SourceOptions, type TextInput } from './text.js';
export { normalizeTutorial, unicodeToAscii } from './normalize.js';
export { ENG_PREFIXES, keepPair, parsePairs, type ParsedPairs, type ParsePairsOptions, type SentencePair } from './pairs.js';
export { languageOf, parseNamesByLanguage, type ParseNamesOptions } from './names.js';
export { corpusWords, parseCorpus, type ParseCorpusOptions } from './corpus.js';
export { splitDataset, toGenerator, type SplitOptions, type Splits } from './split.js';
export { padBatch, type PadOptions, type PaddedBatch } from './pad.js';
export { bucketBatches, simpleBatches, type BucketOptions } from './bucket.js';
export { batchify, getBatch, lmBatches, type IntMatrix, type LmBatch } from './lm.js';
export {
  streamBatches,
  streamLines,
  streamLmBatches,
  streamPairs,
  type AnyIterable,
  type StreamBatchOptions,
  type StreamLmOptions,
} from './stream.js';
export { batchToTensors, lmBatchToTensors, matrixToTensor, type BatchTensors, type LmBatchTensors } from './tensors/batch.js';
