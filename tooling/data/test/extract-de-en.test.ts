import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DE_EN_SOURCE } from '../../../packages/datasets/src/index.js';
import { cleanSentence, DEFAULT_DICTIONARY, DEFAULT_OUTPUT, extractDeEn, toTsv } from '../extract-de-en.mjs';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'extract-de-en.mjs');

describe('extract-de-en rules', () => {
  it('strips Ding annotations and keeps only sentence-like text', () => {
    expect(cleanSentence('Das ist mir egal. [ugs.]')).toBe('Das ist mir egal.');
    expect(cleanSentence('Er ist {m} sehr  nett. <nett>')).toBe('Er ist sehr nett.');
    expect(cleanSentence('Aal {m}')).toBeNull(); // a headword, not a sentence
    expect(cleanSentence('Prost!')).toBeNull(); // one word
    expect(cleanSentence('wir gehen.')).toBeNull(); // lower-case start: a fragment
    expect(cleanSentence('Es geht um etw.')).toBeNull(); // placeholder
    expect(cleanSentence('Gib es jdm. zurück.')).toBeNull();
    expect(cleanSentence('He gave sb a hint.')).toBeNull();
    expect(cleanSentence('That is beyond my ken/grasp.')).toBeNull(); // unresolved alternatives
    expect(cleanSentence('Ich habe (gerade) keine Zeit.')).toBeNull(); // optional words
    expect(cleanSentence('Wenn ...')).toBeNull();
    expect(cleanSentence('I think so.')).toBe('I think so.'); // "so" is a word, not s.o.
    expect(cleanSentence('„Komm her!“')).toBe('„Komm her!“');
  });

  it('aligns `|` sub-entries, crosses `;` synonyms, skips unaligned lines and duplicates', () => {
    const dict = [
      '# Version :: test 1',
      'Hunger {m} | Hast du Hunger?; Bist du hungrig? :: hunger | Are you hungry?',
      'Eins | Zwei :: one', // unaligned: 2 vs 1 sub-entries
      'Hunger {m} | Hast du Hunger? :: hunger | Are you hungry?', // duplicate pair
      'kein Trenner',
    ].join('\n');
    const r = extractDeEn(dict);
    expect(r.version).toBe('test 1');
    expect(r.lines).toBe(3);
    expect(r.skippedUnaligned).toBe(1);
    expect(r.pairs).toEqual([
      ['Hast du Hunger?', 'Are you hungry?'],
      ['Bist du hungrig?', 'Are you hungry?'],
    ]);
    expect(toTsv(dict)).toBe('Hast du Hunger?\tAre you hungry?\nBist du hungrig?\tAre you hungry?\n');
  });
});

// The committed TSV must be exactly what the script makes from the recorded Debian version.
const installed = existsSync(DEFAULT_DICTIONARY)
  ? // `dpkg-query -W pkg` prints `pkg<TAB>version`.
    (spawnSync('dpkg-query', ['-W', DE_EN_SOURCE.debianPackage], { encoding: 'utf8' }).stdout ?? '').trim().split('\t')[1] || 'unknown'
  : null;
const reason =
  installed === null
    ? `${DEFAULT_DICTIONARY} is absent (apt-get install ${DE_EN_SOURCE.debianPackage} to run this check)`
    : installed !== DE_EN_SOURCE.debianVersion
      ? `installed ${DE_EN_SOURCE.debianPackage} is ${installed}, the committed TSV comes from ${DE_EN_SOURCE.debianVersion}`
      : null;
if (reason) console.log(`skipping the extract-de-en reproducibility check: ${reason}`);

describe.skipIf(reason !== null)('extract-de-en reproduces the committed TSV', () => {
  it('the script run on the recorded Debian version writes the committed file byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-de-en-'));
    try {
      const out = join(dir, 'de-en.tsv');
      const log = execFileSync(process.execPath, [script, DEFAULT_DICTIONARY, out], { encoding: 'utf8' });
      expect(log).toContain(`(Ding ${DE_EN_SOURCE.dictionaryVersion})`);
      expect(readFileSync(out).equals(readFileSync(DEFAULT_OUTPUT))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
