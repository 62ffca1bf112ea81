import { ar, cs_CZ, de, el, en, es, fr, it, ja, ko, nl, pl, pt_BR, pt_PT, ru, vi, zh_CN, zh_TW, type LocaleDefinition } from '@faker-js/faker';

/**
 * The languages of the built-in names data set and the `@faker-js/faker` locale definitions each
 * is read from. These are the 16 languages of the PyTorch char-RNN classification tutorial that
 * faker has (the tutorial's Irish and Scottish have no faker locale). Regional variants are
 * merged where faker splits a language (Brazilian + European Portuguese, simplified +
 * traditional Chinese); the base locale is used otherwise (`en`, not `en_US`, which only
 * re-exports it).
 */
export const NAME_LOCALES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Arabic: ['ar'],
  Chinese: ['zh_CN', 'zh_TW'],
  Czech: ['cs_CZ'],
  Dutch: ['nl'],
  English: ['en'],
  French: ['fr'],
  German: ['de'],
  Greek: ['el'],
  Italian: ['it'],
  Japanese: ['ja'],
  Korean: ['ko'],
  Polish: ['pl'],
  Portuguese: ['pt_BR', 'pt_PT'],
  Russian: ['ru'],
  Spanish: ['es'],
  Vietnamese: ['vi'],
});

// Named imports (not `allLocales`) so a bundler keeps only these 18 locales.
const DEFINITIONS: Record<string, LocaleDefinition> = { ar, cs_CZ, de, el, en, es, fr, it, ja, ko, nl, pl, pt_BR, pt_PT, ru, vi, zh_CN, zh_TW };

/**
 * What counts as a name: letters and combining marks, optionally joined by single spaces,
 * hyphens or apostrophes ("de Boer", "Anh Vũ", "O'Connor"). Multi-word names are kept on
 * purpose: every Vietnamese given name in faker is two words, and Dutch / Italian surnames carry
 * particles. Anything else (digits, punctuation, empty strings) is junk and dropped.
 */
const NAME = /^[\p{L}\p{M}]+(?:[ '’-][\p{L}\p{M}]+)*$/u;

/** Cleans one raw entry: NFC, whitespace collapsed and trimmed; null when it is not a name. */
export function cleanName(raw: string): string | null {
  const name = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return NAME.test(name) ? name : null;
}

/** Every first and last name (all sexes / `generic`) of one locale definition. */
function rawNames(def: LocaleDefinition, code: string): string[] {
  const person = def.person;
  if (!person) throw new Error(`@seqlab/datasets: faker locale '${code}' has no person definitions`);
  const out: string[] = [];
  for (const entry of [person.first_name, person.last_name]) {
    if (!entry) continue;
    for (const list of [entry.generic, entry.female, entry.male]) if (list) out.push(...list);
  }
  return out;
}

let cache: Record<string, readonly string[]> | null = null;

function build(): Record<string, readonly string[]> {
  const perLanguage = new Map<string, Set<string>>();
  const languagesOf = new Map<string, Set<string>>();
  for (const [language, codes] of Object.entries(NAME_LOCALES)) {
    const names = new Set<string>();
    for (const code of codes) {
      const def = DEFINITIONS[code];
      if (!def) throw new Error(`@seqlab/datasets: faker locale '${code}' (for ${language}) is not imported`);
      for (const raw of rawNames(def, code)) {
        const name = cleanName(raw);
        if (name !== null) names.add(name);
      }
    }
    perLanguage.set(language, names);
    for (const name of names) {
      let langs = languagesOf.get(name);
      if (!langs) languagesOf.set(name, (langs = new Set()));
      langs.add(language);
    }
  }
  // A name listed under two languages (e.g. "Anna": Czech, Dutch, English, German ...) has no
  // single right label, so a classifier trained on it is penalised whatever it answers: drop it
  // from every language rather than keep an arbitrary one.
  const out: Record<string, readonly string[]> = {};
  for (const language of Object.keys(NAME_LOCALES).sort()) {
    const names = [...perLanguage.get(language)!].filter((n) => languagesOf.get(n)!.size === 1);
    // Code-unit order: stable across runs, platforms and ICU versions (unlike localeCompare).
    out[language] = Object.freeze(names.sort());
  }
  return out;
}

/**
 * The built-in names data set: language -> names, as the PyTorch char-RNN tutorial's
 * `data/names/*.txt` would give after `parseNamesByLanguage`.
 *
 * - Source: first and last names of the `@faker-js/faker` locale definitions in
 *   {@link NAME_LOCALES} (the definitions are read directly; faker's random API is never called,
 *   so the result does not depend on a seed).
 * - Scripts: names stay in their native script (Arabic, Han, kana, Hangul, Greek, Cyrillic),
 *   NFC-normalised. The tutorial's names are romanised, but romanising Han or kanji names needs
 *   per-name readings that no dictionary-free rule gets right; apply your own normaliser (for
 *   example @seqlab/data's `unicodeToAscii`) if you want the Latin-only variant.
 * - Junk: entries that are not letters joined by single spaces, hyphens or apostrophes are dropped.
 * - Deduplication: names listed under more than one language are dropped from all of them.
 * - Order: languages alphabetically, names in code-unit order within each language.
 *
 * Returns a fresh object on every call (the arrays inside are copies), so callers may mutate it.
 */
export function namesByLanguage(): Record<string, string[]> {
  cache ??= build();
  return Object.fromEntries(Object.entries(cache).map(([lang, names]) => [lang, [...names]]));
}

/** One labelled example of the names data set. */
export interface LabelledName {
  /** The name, in its native script. */
  name: string;
  /** Its language, one of the keys of {@link NAME_LOCALES}. */
  language: string;
}

/** {@link namesByLanguage} flattened into labelled examples, languages in alphabetical order. */
export function loadNames(): LabelledName[] {
  return Object.entries(namesByLanguage()).flatMap(([language, names]) => names.map((name) => ({ name, language })));
}

/**
 * The names data set as the tutorial's files: `{ 'Arabic.txt': 'name\nname\n...', ... }`, ready
 * for @seqlab/data's `parseNamesByLanguage` or to be written to a `data/names/` folder.
 */
export function namesFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(namesByLanguage()).map(([lang, names]) => [`${lang}.txt`, `${names.join('\n')}\n`]));
}
