/**
 * @seqlab/vocab: token <-> id vocabularies with special tokens, counting, min-freq / max-size
 * pruning in a documented deterministic order, and a validated JSON format.
 *
 * @packageDocumentation
 */
export { Vocab, SPECIALS, type VocabOptions, type BuildOptions, type DecodeOptions, type VocabJSON } from './vocab.js';
export { Counter } from './counter.js';
export { VocabError } from './errors.js';
export { compareCodePoints } from './compare.js';
