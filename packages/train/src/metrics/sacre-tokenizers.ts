import { codePoints, pySplit } from './pystr.js';

/** The sacreBLEU tokenizers implemented here (`zh`, `ja-mecab`, `ko-mecab`, `spm` are not). */
export type BleuTokenizer = '13a' | 'intl' | 'char' | 'none';

// sacreBLEU's TokenizerRegexp (tokenizer_re.py), the post-step of 13a: same classes, same order.
const RE_13A: [RegExp, string][] = [
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  [/([^0-9])([.,])/g, '$1 $2 '],
  [/([.,])([^0-9])/g, ' $1 $2'],
  [/([0-9])(-)/g, '$1 $2 '],
];

/** sacreBLEU's `13a` tokenizer (mteval-v13a.pl as used by WMT). */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  s = ` ${s} `;
  for (const [re, repl] of RE_13A) s = s.replace(re, repl);
  return pySplit(s).join(' ');
}

// tokenizer_intl.py (mteval-v14 international), on Unicode properties.
const RE_INTL: [RegExp, string][] = [
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  [/(\p{S})/gu, ' $1 '],
];

/** sacreBLEU's `intl` tokenizer: splits on Unicode punctuation and symbols, keeps 1,000.5 together. */
export function tokenizeIntl(line: string): string {
  let s = line;
  for (const [re, repl] of RE_INTL) s = s.replace(re, repl);
  return pySplit(s).join(' ');
}

/** sacreBLEU's `char` tokenizer: every code point (spaces included) separated by a space. */
export function tokenizeChar(line: string): string {
  return codePoints(line).join(' ');
}

/** The tokenizer function for a name. */
export function bleuTokenizer(name: BleuTokenizer): (line: string) => string {
  switch (name) {
    case '13a':
      return tokenize13a;
    case 'intl':
      return tokenizeIntl;
    case 'char':
      return tokenizeChar;
    case 'none':
      return (s) => s;
    default:
      throw new RangeError(`BLEU: tokenize must be '13a', 'intl', 'char' or 'none', got '${String(name)}'`);
  }
}
