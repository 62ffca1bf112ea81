import { describe, expect, it } from 'vitest';
import { corpusWords, parseCorpus } from './corpus.js';
import { parseNamesByLanguage } from './names.js';
import { unicodeToAscii } from './normalize.js';

describe('parseNamesByLanguage (char-RNN tutorial layout)', () => {
  it('maps file base names to languages, one name per line, sorted by language', () => {
    const out = parseNamesByLanguage(
      { 'data/names/Polish.txt': 'Ślusàrski\nNowak\n', 'data/names/French.txt': 'Abel\r\n\r\n  Abraham \n' },
      { normalize: unicodeToAscii },
    );
    expect(Object.keys(out)).toEqual(['French', 'Polish']);
    expect(out.French).toEqual(['Abel', 'Abraham']);
    expect(out.Polish).toEqual(['Slusarski', 'Nowak']);
  });

  it('names the file for empty files, bad UTF-8 and duplicate languages', () => {
    expect(() => parseNamesByLanguage({ 'names/Irish.txt': '' })).toThrow(/names\/Irish\.txt: file is empty/);
    expect(() => parseNamesByLanguage({ 'Irish.txt': new Uint8Array([0x41, 0x0a, 0xff, 0x0a]) })).toThrow(/Irish\.txt:2: invalid UTF-8/);
    expect(() => parseNamesByLanguage({ 'a/Irish.txt': 'A', 'b/Irish.txt': 'B' })).toThrow(/language 'Irish' also comes from/);
    expect(() => parseNamesByLanguage({ 'Irish.txt': 'A\nB\tC' })).toThrow(/Irish\.txt:2: expected one name per line/);
    expect(() => parseNamesByLanguage({})).toThrow(/files is empty/);
  });
});

describe('parseCorpus / corpusWords', () => {
  it('reads lines and tokenises like word_language_model Corpus.tokenize', () => {
    const lines = parseCorpus(' the cat \n\nsat  down\n');
    expect(lines).toEqual([' the cat ', '', 'sat  down']);
    expect(corpusWords(lines)).toEqual(['the', 'cat', '<eos>', '<eos>', 'sat', 'down', '<eos>']);
    expect(parseCorpus('a\n\nb', { skipBlank: true })).toEqual(['a', 'b']);
  });

  it('rejects an empty corpus and invalid UTF-8 with the line', () => {
    expect(() => parseCorpus('', { file: 'wiki.txt' })).toThrow(/wiki\.txt: file is empty/);
    expect(() => parseCorpus(new Uint8Array([0x61, 0x0a, 0x62, 0x0a, 0xe2, 0x82]), { file: 'wiki.txt' })).toThrow(/wiki\.txt:3: invalid UTF-8/);
  });
});
