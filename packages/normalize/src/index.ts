/**
 * @seqlab/normalize: composable Unicode text normalisers with exact offset alignment.
 *
 * Every normaliser has `normalize(text)` (plain, fast) and `normalizeString(ns)` (keeps, for each
 * UTF-16 unit of the output, the span of the original text it came from).
 *
 * @packageDocumentation
 */
export { NormalizedString, type Span } from './normalized-string.js';
export { type Normalizer, normalizeWithOffsets } from './normalizer.js';
export { NormalizeError } from './errors.js';
export type { UnicodeForm } from './unicode-forms.js';
export { CASE_FOLDING_VERSION, caseFoldText, foldCodePoint } from './case-folding.js';
export { UnicodeNormalizer, nfc, nfd, nfkc, nfkd } from './normalizers/unicode.js';
export { Lowercase, lowercase, CaseFold, caseFold } from './normalizers/case.js';
export { StripAccents, stripAccents, unicodeToAscii, type StripAccentsOptions } from './normalizers/accents.js';
export {
  CollapseWhitespace,
  collapseWhitespace,
  Strip,
  strip,
  isWhiteSpace,
  type StripOptions,
} from './normalizers/whitespace.js';
export { RemoveControl, removeControl, type RemoveControlOptions } from './normalizers/control.js';
export { Replace, replace, Prepend, prepend } from './normalizers/replace.js';
export { BertNormalizer, bert, isChineseChar, type BertOptions } from './normalizers/bert.js';
export { Sequence, sequence } from './normalizers/sequence.js';
export { Nmt, nmt } from './normalizers/nmt.js';
export { Precompiled, precompiled } from './normalizers/precompiled.js';
export { Charsmap } from './precompiled/charsmap.js';
export { tutorialNormalizeString, isPythonSpace } from './normalizers/tutorial.js';
