import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NormalizedString } from '../normalized-string.js';
import { normalizeWithOffsets, type Normalizer } from '../normalizer.js';
import { alignmentProblem } from '../test-support/alignment-check.js';
import { trickyText } from '../test-support/arbitraries.js';
import { stripAccents, unicodeToAscii } from './accents.js';
import { bert, WHITE_SPACE_NOT_SPACE } from './bert.js';
import { caseFold, lowercase } from './case.js';
import { removeControl } from './control.js';
import { prepend, replace } from './replace.js';
import { sequence } from './sequence.js';
import { tutorialNormalizeString } from './tutorial.js';
import { nfc, nfd, nfkc, nfkd } from './unicode.js';
import { collapseWhitespace, strip } from './whitespace.js';

const ALL: [string, Normalizer][] = [
  ['nfc', nfc()],
  ['nfd', nfd()],
  ['nfkc', nfkc()],
  ['nfkd', nfkd()],
  ['lowercase', lowercase()],
  ['caseFold', caseFold()],
  ['stripAccents', stripAccents()],
  ['stripAccents all', stripAccents({ marks: 'all' })],
  ['unicodeToAscii', unicodeToAscii()],
  ['tutorialNormalizeString', tutorialNormalizeString()],
  ['collapseWhitespace', collapseWhitespace()],
  ['strip', strip()],
  ['strip left', strip({ right: false })],
  ['removeControl', removeControl()],
  ['removeControl all', removeControl({ keepWhitespace: false, format: true })],
  ['replace regex', replace(/[aeiou]+/g, '<$&>')],
  ['replace string', replace('.', ' . ')],
  ['prepend', prepend('▁')],
  ['bert', bert()],
  ['bert cased', bert({ lowercase: false })],
  ['sequence', sequence([nfkc(), caseFold(), stripAccents(), collapseWhitespace(), strip(), prepend('▁')])],
];

describe.each(ALL)('%s', (_name, n) => {
  test('normalizeString gives the same text as normalize, and spans inside the original', () => {
    fc.assert(
      fc.property(trickyText, (t) => {
        const ns = normalizeWithOffsets(n, t);
        expect(ns.normalized).toBe(n.normalize(t));
        expect(ns.original).toBe(t);
        for (let i = 0; i < ns.length; i++) {
          const [a, b] = ns.alignment(i);
          if (!(0 <= a && a <= b && b <= t.length)) throw new Error(`alignment ${i} = [${a}, ${b}] outside [0, ${t.length}]`);
        }
      }),
      { numRuns: 150, seed: 1 },
    );
  });
});

// Per-code-point normalisers: every group of output units comes from a source that the
// normaliser maps to exactly that group, and removed source text maps to nothing.
describe.each([
  ['lowercase', lowercase()],
  ['caseFold', caseFold()],
  ['stripAccents', stripAccents()],
  ['removeControl', removeControl()],
] as const)('%s alignments are exact', (_name, n) => {
  test('on random text', () => {
    fc.assert(
      fc.property(trickyText, (t) => {
        const ns = n.normalizeString(new NormalizedString(t));
        expect(alignmentProblem(ns, (s) => n.normalize(s), { allowGaps: true })).toBe('');
      }),
      { numRuns: 200, seed: 2 },
    );
  });
});

describe('examples', () => {
  test('lowercase is per code point (HF), caseFold is full folding', () => {
    expect(lowercase().normalize('ΣΑΣ İ')).toBe('σασ i\u0307');
    expect(caseFold().normalize('Straße ΣΑΣ')).toBe('strasse σασ');
  });

  test('stripAccents and unicodeToAscii', () => {
    expect(stripAccents().normalize('Crème Brûlée ø')).toBe('Creme Brulee ø');
    expect(unicodeToAscii().normalize('Ślusarski')).toBe('Slusarski');
    const ns = normalizeWithOffsets(stripAccents(), 'née');
    expect(ns.normalized).toBe('nee');
    expect(ns.originalSpan(1, 2)).toEqual([1, 2]);
    // A combining mark in the original is dropped: 'e' + U+0301 keeps only 'e' -> [0, 1].
    expect(normalizeWithOffsets(stripAccents(), 'e\u0301x').alignments()).toEqual([[0, 1], [2, 3]]);
    expect(stripAccents({ marks: 'all' }).normalize('\u0915\u093e')).toBe('\u0915'); // Mc dropped too
    expect(stripAccents().normalize('\u0915\u093e')).toBe('\u0915\u093e');
  });

  test('whitespace, control characters, replace, prepend', () => {
    expect(collapseWhitespace().normalize(' a \t\n b\u3000')).toBe(' a b ');
    expect(strip().normalize('\u3000 a b \n')).toBe('a b');
    expect(strip({ left: false }).normalize('  a  ')).toBe('  a');
    expect(removeControl().normalize('a\u0000b\u0007c\td\n\u200be')).toBe('abc\td\n\u200be');
    expect(removeControl({ keepWhitespace: false, format: true }).normalize('a\u0000\tb\u200bc')).toBe('abc');
    expect(replace(/(\d+)/g, '<$1>').normalize('a12b3')).toBe('a<12>b<3>');
    expect(replace('a.', 'x').normalize('a.a.ab')).toBe('xxab');
    expect(prepend('▁').normalize('hi')).toBe('▁hi');
    expect(prepend('▁').normalize('')).toBe('');
  });

  test('BERT offsets: CJK spaces, removed controls, stripped accents', () => {
    const ns = normalizeWithOffsets(bert(), 'Ça\u0000 中!');
    expect(ns.normalized).toBe('ca  中 !');
    expect(ns.originalSpan(0, 2)).toEqual([0, 2]); // 'ca' <- 'Ça'
    expect(ns.originalSpan(4, 5)).toEqual([4, 5]); // '中'
    expect(ns.originalSpan(6, 7)).toEqual([5, 6]); // '!'
  });

  test('the spelled-out whitespace class is exactly White_Space minus U+0020', () => {
    const ws = /^\p{White_Space}$/u;
    const mine = new RegExp(`^${WHITE_SPACE_NOT_SPACE.source}$`);
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (mine.test(ch) !== (ws.test(ch) && cp !== 0x20)) throw new Error(`U+${cp.toString(16)} differs`);
    }
    expect(ws.test('\u{1f600}')).toBe(false); // no astral White_Space characters to miss
  });

  test('toJSON gives the HF tokenizer.json schema', () => {
    expect(nfkc().toJSON()).toEqual({ type: 'NFKC' });
    expect(lowercase().toJSON()).toEqual({ type: 'Lowercase' });
    expect(strip({ right: false }).toJSON()).toEqual({ type: 'Strip', strip_left: true, strip_right: false });
    expect(replace(' ', '▁').toJSON()).toEqual({ type: 'Replace', pattern: { String: ' ' }, content: '▁' });
    expect(replace(/\s+/, ' ').toJSON()).toEqual({ type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' });
    expect(prepend('▁').toJSON()).toEqual({ type: 'Prepend', prepend: '▁' });
    expect(bert().toJSON()).toEqual({ type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true });
  });

  test('bad construction arguments are named', () => {
    expect(() => sequence([{} as Normalizer])).toThrow(/normalizers\[0\] must implement normalize and normalizeString/);
    expect(() => sequence('x' as unknown as Normalizer[])).toThrow(/normalizers must be an array/);
    expect(() => replace(42 as unknown as string, 'x')).toThrow(/pattern must be a string or RegExp, got number/);
    expect(() => replace('a', 1 as unknown as string)).toThrow(/replacement must be a string, got number/);
    expect(() => prepend(null as unknown as string)).toThrow(/prefix must be a string/);
    expect(() => stripAccents({ marks: 'some' as 'all' })).toThrow(/marks must be 'nonspacing' or 'all', got "some"/);
  });
});
