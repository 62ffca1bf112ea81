import { parseNamesByLanguage } from '@seqlab/data';
import { describe, expect, it } from 'vitest';
import { cleanName, loadNames, NAME_LOCALES, namesByLanguage, namesFiles } from './index.js';

// The PyTorch char-RNN tutorial's languages that @faker-js/faker has a locale for.
const TUTORIAL = ['Arabic', 'Chinese', 'Czech', 'Dutch', 'English', 'French', 'German', 'Greek', 'Italian', 'Japanese', 'Korean', 'Polish', 'Portuguese', 'Russian', 'Spanish', 'Vietnamese'];

describe('namesByLanguage', () => {
  const byLang = namesByLanguage();

  it('has the 16 tutorial languages, in alphabetical order, each with at least 50 names', () => {
    expect(Object.keys(byLang)).toEqual(TUTORIAL);
    expect(Object.keys(NAME_LOCALES).sort()).toEqual(TUTORIAL);
    for (const lang of TUTORIAL) expect(byLang[lang]!.length, lang).toBeGreaterThanOrEqual(50);
    // @faker-js/faker 10.6 gives 19,767 labelled names after cleaning and deduplication.
    expect(loadNames().length).toBeGreaterThan(19_000);
  });

  it('holds no name under two languages and no duplicate within one', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [lang, names] of Object.entries(byLang)) {
      expect(new Set(names).size, lang).toBe(names.length);
      for (const n of names) {
        if (seen.has(n)) clashes.push(`${n}: ${seen.get(n)} and ${lang}`);
        seen.set(n, lang);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('drops names shared by languages (Anna is Czech, English, German ... so nowhere)', () => {
    const all = new Set(Object.values(byLang).flat());
    expect(all.has('Anna')).toBe(false);
    expect(all.has('Maria')).toBe(false);
  });

  it('keeps native scripts, NFC, single spaces, no empty or junk entries', () => {
    expect(byLang.Russian!.every((n) => /^[\p{Script=Cyrillic} '’-]+$/u.test(n))).toBe(true);
    expect(byLang.Greek!.every((n) => /\p{Script=Greek}/u.test(n))).toBe(true);
    expect(byLang.Korean!.every((n) => /\p{Script=Hangul}/u.test(n))).toBe(true);
    expect(byLang.Vietnamese!.some((n) => n.includes(' '))).toBe(true); // two-word given names kept
    const bad = Object.values(byLang)
      .flat()
      .filter((n) => n === '' || n.normalize('NFC') !== n || !/^[\p{L}\p{M}]+(?:[ '’-][\p{L}\p{M}]+)*$/u.test(n));
    expect(bad).toEqual([]);
  });

  it('is sorted in code-unit order and identical across calls (stable, not random)', () => {
    for (const names of Object.values(byLang)) expect([...names].sort()).toEqual(names);
    expect(namesByLanguage()).toEqual(byLang);
  });

  it('returns copies: mutating a result does not change the next one', () => {
    const a = namesByLanguage();
    a.English!.length = 0;
    expect(namesByLanguage().English!.length).toBe(byLang.English!.length);
  });

  it('loadNames labels every name with its language', () => {
    const flat = loadNames();
    expect(flat.length).toBe(Object.values(byLang).reduce((s, n) => s + n.length, 0));
    expect(flat[0]).toEqual({ name: byLang.Arabic![0], language: 'Arabic' });
    expect(new Set(flat.map((x) => x.language))).toEqual(new Set(TUTORIAL));
  });

  it('round-trips through @seqlab/data parseNamesByLanguage as tutorial files', () => {
    const files = Object.fromEntries(Object.entries(namesFiles()).map(([f, t]) => [`data/names/${f}`, t]));
    expect(parseNamesByLanguage(files)).toEqual(byLang);
  });
});

describe('cleanName', () => {
  it('normalises whitespace and NFC and rejects junk', () => {
    expect(cleanName('  de   Boer ')).toBe('de Boer');
    expect(cleanName('Jose\u0301')).toBe('José');
    expect(cleanName("O'Connor")).toBe("O'Connor");
    expect(cleanName('')).toBeNull();
    expect(cleanName('   ')).toBeNull();
    expect(cleanName('R2D2')).toBeNull();
    expect(cleanName('Smith, Jr.')).toBeNull();
  });
});
