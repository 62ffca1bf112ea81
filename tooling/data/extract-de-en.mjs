#!/usr/bin/env node
// Extracts German -> English sentence pairs from Debian's `trans-de-en` dictionary (the Ding
// format: `de | sub :: en | sub`, alternatives separated by `; `) into the TSV that
// @seqlab/datasets ships (packages/datasets/data/de-en.tsv).
//
//   node tooling/data/extract-de-en.mjs [dictionary] [out.tsv]
//
// Defaults: /usr/share/trans/de-en (install with `apt-get install trans-de-en`) and the
// committed TSV. The output depends only on the dictionary's bytes: no randomness, file order
// kept, so re-running on the same Debian package version reproduces the committed file (a test
// checks this). Why each rule exists is said beside it; docs/data.md summarises them.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Debian's trans-de-en installs the dictionary. */
export const DEFAULT_DICTIONARY = '/usr/share/trans/de-en';

/** The committed TSV, relative to this script. */
export const DEFAULT_OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'datasets', 'data', 'de-en.tsv');

// Ding's annotations: {f} {pl} {adj} (grammar), [Br.] [coll.] [geol.] (usage / field), <...>
// (alternative spellings kept only for search). None of them is part of the sentence.
const ANNOTATION = /\s*(\{[^{}]*\}|\[[^[\]]*\]|<[^<>]*>)/g;
// Placeholders (jdm. = someone, etw. = something; sb / sth in English) mark phrase templates, not
// sentences: "Es geht um etw." cannot be translated as a sentence.
const PLACEHOLDER = /(^|[^\p{L}])(jd[mnsr]|etw|sb|sth)([^\p{L}]|$)/iu;
// A sentence ends with . ! or ? (after an optional closing quote), and starts with a capital
// letter, a digit or an opening quote.
const ENDS_LIKE_SENTENCE = /[.!?]["'“”‘’«»]?$/u;
const STARTS_LIKE_SENTENCE = /^["'„“‚‘«»]?[\p{Lu}\p{N}]/u;

/**
 * Cleans one alternative and returns it, or null when it is not a usable sentence.
 * @param {string} text
 * @returns {string | null}
 */
export function cleanSentence(text) {
  // Cheap test first: most of the 200k entries are headwords without sentence punctuation.
  if (!/[.!?]/.test(text)) return null;
  const s = text.replace(ANNOTATION, '').replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  if (!ENDS_LIKE_SENTENCE.test(s) || !STARTS_LIKE_SENTENCE.test(s)) return null;
  if (s.split(' ').length < 2) return null; // "Prost!" is an interjection, not a sentence
  // `/` separates alternative words ("ken/grasp") that cannot be resolved into one sentence;
  // parentheses hold optional words or explanations ("(zu jdm.)"): dropping either would guess.
  if (/[/()]/.test(s)) return null;
  // An ellipsis marks a fragment ("Wenn ..."), `~` and `+` are dictionary shorthand.
  if (/\.\.\.|…|~|\+|=|\t/.test(s)) return null;
  if (PLACEHOLDER.test(s)) return null;
  return s;
}

/**
 * Extracts the sentence-like pairs from the dictionary's text.
 * @param {string} dictionary the whole `de-en` file
 * @returns {{ pairs: [string, string][]; lines: number; skippedUnaligned: number; version: string }}
 */
export function extractDeEn(dictionary) {
  /** @type {[string, string][]} */
  const pairs = [];
  const seen = new Set();
  let lines = 0;
  let skippedUnaligned = 0;
  let version = '';
  for (const line of dictionary.split('\n')) {
    if (line.startsWith('#')) {
      const m = /^# Version :: (.*)$/.exec(line);
      if (m) version = m[1].trim();
      continue;
    }
    const sep = line.indexOf(' :: ');
    if (sep < 0) continue;
    lines++;
    // `|` separates aligned sub-entries (headword | example sentences ...): the i-th German
    // sub-entry translates the i-th English one. A line whose counts differ cannot be aligned.
    const de = line.slice(0, sep).split(' | ');
    const en = line.slice(sep + 4).split(' | ');
    if (de.length !== en.length) {
      skippedUnaligned++;
      continue;
    }
    for (let i = 0; i < de.length; i++) {
      // `; ` separates synonyms: every German alternative translates every English one.
      const ds = de[i].split('; ').map(cleanSentence).filter((s) => s !== null);
      const es = en[i].split('; ').map(cleanSentence).filter((s) => s !== null);
      for (const d of ds) {
        for (const e of es) {
          const key = `${d}\t${e}`;
          if (seen.has(key)) continue;
          seen.add(key);
          pairs.push([d, e]);
        }
      }
    }
  }
  return { pairs, lines, skippedUnaligned, version };
}

/**
 * The TSV written for a dictionary: one `german<TAB>english` line per pair, `\n` line ends.
 * @param {string} dictionary
 * @returns {string}
 */
export function toTsv(dictionary) {
  return extractDeEn(dictionary).pairs.map(([d, e]) => `${d}\t${e}\n`).join('');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const input = process.argv[2] ?? DEFAULT_DICTIONARY;
  const output = process.argv[3] ?? DEFAULT_OUTPUT;
  const text = readFileSync(input, 'utf8');
  const { pairs, lines, skippedUnaligned, version } = extractDeEn(text);
  writeFileSync(output, pairs.map(([d, e]) => `${d}\t${e}\n`).join(''));
  console.log(`${input} (Ding ${version}): ${lines} entries, ${skippedUnaligned} unaligned skipped, ${pairs.length} pairs -> ${output}`);
}
