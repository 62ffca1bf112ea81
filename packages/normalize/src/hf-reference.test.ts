// Oracle: Hugging Face tokenizers' own Rust normalisers (npm @anush008/tokenizers binds the Rust
// crate) give the same text as ours, through both of our paths.
import * as hf from '@anush008/tokenizers';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NormalizedString } from './normalized-string.js';
import type { Normalizer } from './normalizer.js';
import { stripAccents } from './normalizers/accents.js';
import { bert } from './normalizers/bert.js';
import { lowercase } from './normalizers/case.js';
import { prepend, replace } from './normalizers/replace.js';
import { sequence } from './normalizers/sequence.js';
import { nfc, nfd, nfkc, nfkd } from './normalizers/unicode.js';
import { strip } from './normalizers/whitespace.js';

// Characters whose Unicode properties have not changed between the Rust crates' tables and the
// engine's (HF's unicode_categories data is old, so characters assigned since are "Cn" there),
// and no lone surrogates (a Rust string cannot hold them).
const POOL = [
  ...'aAzZ09 .,!?\'"-_\t\n\r\v\f',
  '\0', '\u0001', '\u001f', '\u007f', '\u0085', '\u00a0', '\u00ad', '\u1680', '\u2002', '\u2028', '\u3000', '\u200b', '\u200d', '\ufeff', '\ufffd', '\ue000',
  'é', 'È', 'ç', 'ñ', 'Å', '\u212b', '\u212a', 'ß', 'ẞ', 'İ', 'ı', 'Σ', 'ς', 'ΐ', 'ǅ', 'ﬁ', 'Ａ', 'ｶ', 'ﾞ', '①', '㎏', '½',
  '\u0300', '\u0301', '\u0308', '\u0316', '\u0327', '\u0345', '\u0903', '\u20dd', '\u0488',
  '中', '文', '\u3400', '\uf900', '\u{20000}', '\u{2f800}', '가', '\u1100', '\u1161', '\u11a8', 'か', '\u3099',
  '😀', '👍', '\u{1f3fd}', '\u{1d400}', 'Ꭰ', 'ꭰ', 'Ⓐ',
];
const text = fc.array(fc.constantFrom(...POOL), { maxLength: 30 }).map((a) => a.join(''));

const CASES: [string, Normalizer, hf.Normalizer][] = [
  ['NFC', nfc(), hf.nfcNormalizer()],
  ['NFD', nfd(), hf.nfdNormalizer()],
  ['NFKC', nfkc(), hf.nfkcNormalizer()],
  ['NFKD', nfkd(), hf.nfkdNormalizer()],
  ['Lowercase', lowercase(), hf.lowercase()],
  ['Strip', strip(), hf.stripNormalizer(true, true)],
  ['Strip left', strip({ right: false }), hf.stripNormalizer(true, false)],
  ['Strip right', strip({ left: false }), hf.stripNormalizer(false, true)],
  ['Prepend', prepend('\u2581'), hf.prependNormalizer('\u2581')],
  ['Replace', replace(' ', '\u2581'), hf.replace(' ', '\u2581')],
  ['Replace multi-char', replace('a.', '<>'), hf.replace('a.', '<>')],
  ['NFD + StripAccents (all marks)', stripAccents({ marks: 'all' }), hf.sequenceNormalizer([hf.nfdNormalizer(), hf.stripAccentsNormalizer()])],
  ['Sequence', sequence([nfkc(), lowercase(), strip()]), hf.sequenceNormalizer([hf.nfkcNormalizer(), hf.lowercase(), hf.stripNormalizer(true, true)])],
];
for (const cleanText of [true, false]) {
  for (const handleChineseChars of [true, false]) {
    for (const [stripAccents, lower] of [[true, true], [false, true], [true, false], [false, false]] as const) {
      const o = { cleanText, handleChineseChars, stripAccents, lowercase: lower };
      CASES.push([`Bert ${JSON.stringify(o)}`, bert(o), hf.bertNormalizer(o)]);
    }
  }
}

describe.each(CASES)('%s matches HF tokenizers', (_name, ours, theirs) => {
  test('on random text, through normalize() and normalizeString()', () => {
    fc.assert(
      fc.property(text, (t) => {
        const want = theirs.normalizeString(t);
        expect(ours.normalize(t)).toBe(want);
        expect(ours.normalizeString(new NormalizedString(t)).normalized).toBe(want);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});

test('BERT defaults: strip_accents follows lowercase', () => {
  expect(bert().stripAccents).toBe(true);
  expect(bert({ lowercase: false }).stripAccents).toBe(false);
  expect(bert({ lowercase: false, stripAccents: true }).stripAccents).toBe(true);
  const t = 'Héllo\tWorld 中文\u0000\ufffd\u200bΣ';
  expect(bert().normalize(t)).toBe(hf.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true }).normalizeString(t));
});
