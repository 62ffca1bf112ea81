import { DE_EN_TSV } from './generated/de-en-tsv.js';

/** A translation pair: source sentence and target sentence (the same tuple as @seqlab/data's). */
export type SentencePair = [source: string, target: string];

/** Where the German-English pairs come from (see docs/data.md and data/README.md). */
export const DE_EN_SOURCE = Object.freeze({
  /** The Debian package the dictionary was read from. */
  debianPackage: 'trans-de-en',
  /** Its version when data/de-en.tsv was extracted. */
  debianVersion: '1.9-6',
  /** The dictionary's own version line (`# Version ::`). */
  dictionaryVersion: 'devel 2023-01-30',
  /** Upstream: Frank Richter's Ding dictionary, TU Chemnitz. */
  upstream: 'Ding (https://dict.tu-chemnitz.de/)',
  /** The data's licence (the package code is Apache-2.0). */
  license: 'GPL-2.0-or-later',
});

/**
 * The German -> English pairs as committed, `german<TAB>english` lines: feed it to @seqlab/data's
 * `parsePairs` (with its normalising and length filters) or write it to a file.
 */
export function deEnTsv(): string {
  return DE_EN_TSV;
}

let cache: readonly SentencePair[] | null = null;

/**
 * The built-in translation data set: about 19k German -> English sentence pairs extracted from the
 * Ding dictionary (Debian `trans-de-en`) by tooling/data/extract-de-en.mjs, in dictionary order,
 * unnormalised (original case, punctuation and typographic quotes). No fs: the TSV is compiled
 * into the package, so this works in a browser bundle as well.
 *
 * Returns fresh arrays on every call.
 */
export function loadDeEnPairs(): SentencePair[] {
  cache ??= Object.freeze(
    DE_EN_TSV.split('\n')
      .filter((line) => line !== '')
      .map((line, i) => {
        const cols = line.split('\t');
        // The TSV is generated and tested; this guards against a hand-edited file.
        if (cols.length !== 2 || cols[0] === '' || cols[1] === '') {
          throw new Error(`@seqlab/datasets: data/de-en.tsv:${i + 1}: expected 2 non-empty tab-separated columns, got ${JSON.stringify(line)}`);
        }
        return [cols[0], cols[1]] as SentencePair;
      }),
  );
  return cache.map(([de, en]) => [de, en]);
}
