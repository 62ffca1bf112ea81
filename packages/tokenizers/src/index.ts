/**
 * @seqlab/tokenizers: the Hugging Face tokenizers pipeline in plain TypeScript — normaliser
 * (from @seqlab/normalize), pre-tokenizers, models (BPE, WordPiece, WordLevel, Unigram),
 * trainers, post-processors, decoders, padding, truncation, offsets into the original text,
 * and HF `tokenizer.json` read and write.
 *
 * @packageDocumentation
 */
export { Tokenizer, type EncodeOptions, type DecodeOptions, type EncodeInput } from './tokenizer.js';
export { Encoding, type Compact } from './encoding.js';
export { AddedVocabulary, type AddedToken, type AddedPiece } from './added-vocabulary.js';
export { type PaddingOptions, padEncodings } from './padding.js';
export { type TruncationOptions, type TruncationStrategy, truncateEncodings } from './truncation.js';
export { type Split, type SplitBehavior, wholeSplit } from './split.js';
export { TokenizerConfigError } from './utils/errors.js';
export { SeededRng } from './utils/rng.js';
export { BYTE_TO_CHAR, CHAR_TO_BYTE, byteLevelAlphabet } from './utils/bytes-to-unicode.js';

export { type PreTokenizer, preTokenizeString } from './pre-tokenizers/pre-tokenizer.js';
export { ByteLevelPreTokenizer, materializeByteLevel, type ByteLevelOptions } from './pre-tokenizers/byte-level.js';
export { gpt2Pieces } from './pre-tokenizers/gpt2-scanner.js';
export { BertPreTokenizer } from './pre-tokenizers/bert.js';
export { WhitespacePreTokenizer } from './pre-tokenizers/whitespace.js';
export { WhitespaceSplitPreTokenizer } from './pre-tokenizers/whitespace-split.js';
export { PunctuationPreTokenizer } from './pre-tokenizers/punctuation.js';
export { DigitsPreTokenizer } from './pre-tokenizers/digits.js';
export { MetaspacePreTokenizer, type PrependScheme } from './pre-tokenizers/metaspace.js';
export { SplitPreTokenizer, CharDelimiterSplitPreTokenizer, type SplitPattern } from './pre-tokenizers/split.js';
export { SequencePreTokenizer } from './pre-tokenizers/sequence.js';
export { UnicodeScriptsPreTokenizer } from './pre-tokenizers/unicode-scripts.js';
export { FixedLengthPreTokenizer } from './pre-tokenizers/fixed-length.js';

export { MapVocabModel, type Model, TokenSink } from './models/model.js';
export { BPE, type BPEOptions, type Merge, parseMergesText } from './models/bpe.js';
export { WordPiece, type WordPieceOptions } from './models/wordpiece.js';
export { WordLevel } from './models/wordlevel.js';
export { Unigram } from './models/unigram.js';
export { charLevelComponents } from './models/char-level.js';

export { type Decoder, decodeWith } from './decoders/decoder.js';
export { ByteLevelDecoder } from './decoders/byte-level.js';
export { WordPieceDecoder, cleanupTokenization } from './decoders/wordpiece.js';
export { MetaspaceDecoder } from './decoders/metaspace.js';
export { BPEDecoder } from './decoders/bpe.js';
export { SequenceDecoder } from './decoders/sequence.js';
export { ByteFallbackDecoder } from './decoders/byte-fallback.js';
export { FuseDecoder } from './decoders/fuse.js';
export { ReplaceDecoder } from './decoders/replace.js';
export { StripDecoder } from './decoders/strip.js';
export { CTCDecoder } from './decoders/ctc.js';

export type { PostProcessor } from './post-processors/post-processor.js';
export { TemplateProcessing, parseTemplate, type TemplatePiece, type TemplateSpecialToken } from './post-processors/template.js';
export { BertProcessing } from './post-processors/bert.js';
export { RobertaProcessing } from './post-processors/roberta.js';
export { ByteLevelProcessing } from './post-processors/byte-level.js';
export { SequenceProcessing } from './post-processors/sequence.js';

export { ByteLevelNormalizer } from './normalizers/byte-level.js';
export { type TokenizerNormalizer, tokenizerNormalizer, normalizerFromJSON } from './normalizers/from-json.js';
export { modelFromJSON } from './serialization/model-json.js';
export { preTokenizerFromJSON } from './serialization/pre-tokenizer-json.js';
export { decoderFromJSON } from './serialization/decoder-json.js';
export { postProcessorFromJSON } from './serialization/post-processor-json.js';

export type { Trainer } from './trainers/trainer.js';
export { trainBpe, bpeFromTraining, type BpeTrainerOptions, type BpeTrainResult } from './trainers/bpe-trainer.js';
export { BpeTrainer, WordPieceTrainer, WordLevelTrainer, type WordPieceTrainerOptions, type WordLevelTrainerOptions } from './trainers/trainers.js';
export { countWords, type LineSource } from './trainers/word-counts.js';
export { UnigramTrainer, type UnigramTrainerOptions } from './trainers/unigram-trainer.js';
