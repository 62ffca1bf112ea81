import { describe, expect, it } from 'vitest';
import { DataFormatError } from './errors.js';
import { normalizeTutorial, unicodeToAscii } from './normalize.js';
import { ENG_PREFIXES, parsePairs } from './pairs.js';

// Lines in the manythings.org eng-fra.txt layout: English, French, attribution.
const ENG_FRA = [
  'Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #1158250 (Wittydev)',
  "I'm OK.\tÇa va.\tCC-BY 2.0 (France) Attribution: tatoeba.org #4320 (CK)",
  "We're safe.\tNous sommes en sécurité.\tCC-BY 2.0",
  "She's a very kind and generous person who always helps everybody.\tC'est une personne très gentille.\tCC-BY",
  "You are late again.\tTu es encore en retard.\tCC-BY",
  '',
].join('\n');

describe('normalizeTutorial (the seq2seq tutorial normalizeString)', () => {
  it('lower-cases, strips accents, spaces punctuation, drops other symbols', () => {
    expect(normalizeTutorial('Va !')).toBe('va !');
    expect(normalizeTutorial("I'm OK.")).toBe('i m ok .');
    expect(normalizeTutorial('Nous sommes en sécurité.')).toBe('nous sommes en securite .');
    expect(normalizeTutorial("J'ai 19 ans.")).toBe('j ai ans .');
    expect(unicodeToAscii('Ślusàrski')).toBe('Slusarski');
  });
});

describe('parsePairs', () => {
  it('reads source/target and ignores the attribution column', () => {
    const { pairs, read, filtered } = parsePairs(ENG_FRA);
    expect(read).toBe(5);
    expect(filtered).toBe(0);
    expect(pairs[0]).toEqual(['Go.', 'Va !']);
    expect(pairs[2]).toEqual(["We're safe.", 'Nous sommes en sécurité.']);
  });

  it("applies the tutorial's filters: reverse, normalise, max length, eng_prefixes", () => {
    const { pairs, read, filtered } = parsePairs(ENG_FRA, { reverse: true, normalize: true, maxLength: 10, prefixes: ENG_PREFIXES });
    expect(read).toBe(5);
    // Go. (no prefix), She's ... (13 words) are filtered; I'm / We're / You are stay.
    expect(pairs).toEqual([
      ['ca va .', 'i m ok .'],
      ['nous sommes en securite .', 'we re safe .'],
      ['tu es encore en retard .', 'you are late again .'],
    ]);
    expect(filtered).toBe(2);
  });

  it('counts words as len(s.split(" ")) < maxLength', () => {
    const text = 'a b c\tx\na b c d\tx\n';
    expect(parsePairs(text, { maxLength: 4 }).pairs).toEqual([['a b c', 'x']]);
  });

  it('accepts a custom normaliser per side', () => {
    const { pairs } = parsePairs('A\tB\n', { normalize: (t, side) => `${side}:${t.toLowerCase()}` });
    expect(pairs).toEqual([['source:a', 'target:b']]);
  });

  it('reports file and line of a line without a tab', () => {
    const bad = 'a\tb\nno tab here\nc\td\n';
    expect(() => parsePairs(bad, { file: 'eng-fra.txt' })).toThrow(DataFormatError);
    expect(() => parsePairs(bad, { file: 'eng-fra.txt' })).toThrow(/eng-fra\.txt:2: expected at least 2 tab-separated columns .* got 1/);
  });

  it('reports an empty side, an empty file and invalid UTF-8 with the line', () => {
    expect(() => parsePairs('a\tb\n\tx\n', { file: 'f.tsv' })).toThrow(/f\.tsv:2: empty source/);
    expect(() => parsePairs('', { file: 'f.tsv' })).toThrow(/f\.tsv: file is empty/);
    expect(() => parsePairs('\n  \n', { file: 'f.tsv' })).toThrow(/file is empty/);
    const bytes = new Uint8Array([0x61, 0x09, 0x62, 0x0a, 0x63, 0x09, 0xc3, 0x28, 0x0a]);
    expect(() => parsePairs(bytes, { file: 'f.tsv' })).toThrow(/f\.tsv:2: invalid UTF-8/);
    const good = new TextEncoder().encode('\uFEFFé\tè\r\nx\ty\r\n');
    expect(parsePairs(good).pairs).toEqual([['é', 'è'], ['x', 'y']]);
  });

  it('rejects a bad maxLength', () => {
    expect(() => parsePairs('a\tb', { maxLength: 0 })).toThrow(/maxLength must be a positive integer, got 0/);
  });
});
