/**
 * `@seqlab/datasets`: seqlab's built-in offline data, nothing downloaded at run time.
 *
 * - {@link namesByLanguage} / {@link loadNames}: first and last names in 16 languages from
 *   `@faker-js/faker`'s locale definitions, deduplicated across languages.
 * - {@link loadDeEnPairs}: about 19k German -> English sentence pairs from the Ding dictionary
 *   (Debian `trans-de-en`, GPL-2.0-or-later data).
 * - `loadMobyDick()` in `@seqlab/datasets/node`: the text of *Moby Dick* (public domain).
 *
 * Plain TypeScript, no tensors and no fs in this entry point: it works in a browser bundle.
 * @packageDocumentation
 */
export { cleanName, loadNames, namesByLanguage, namesFiles, NAME_LOCALES, type LabelledName } from './names.js';
export { deEnTsv, DE_EN_SOURCE, loadDeEnPairs, type SentencePair } from './de-en.js';
