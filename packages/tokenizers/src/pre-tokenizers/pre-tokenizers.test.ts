import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCodePointOffsets, unicodeLines, npmTextDocuments } from '../test-support/corpus.js';
import { BertPreTokenizer } from './bert.js';
import { ByteLevelPreTokenizer } from './byte-level.js';
import { DigitsPreTokenizer } from './digits.js';
import { MetaspacePreTokenizer } from './metaspace.js';
import { preTokenizeString, type PreTokenizer } from './pre-tokenizer.js';
import { PunctuationPreTokenizer } from './punctuation.js';
import { SequencePreTokenizer } from './sequence.js';
import { CharDelimiterSplitPreTokenizer, SplitPreTokenizer } from './split.js';
import { WhitespacePreTokenizer } from './whitespace.js';
import { WhitespaceSplitPreTokenizer } from './whitespace-split.js';
import { gpt2Pieces } from './gpt2-scanner.js';
import { FixedLengthPreTokenizer } from './fixed-length.js';
import { UnicodeScriptsPreTokenizer } from './unicode-scripts.js';

const require = createRequire(import.meta.url);
const hf = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');

type HFPre = { preTokenizeString(s: string): Array<[string, [number, number]]> };

/** HF Rust's pre-tokenizer deserialised from our tokenizer.json form of `pt` (round trip). */
function viaJson(pt: PreTokenizer): HFPre {
  const json = { version: '1.0', model: { type: 'WordLevel', vocab: { '<unk>': 0 }, unk_token: '<unk>' }, pre_tokenizer: pt.toJSON() };
  return hf.Tokenizer.fromString(JSON.stringify(json)).getPreTokenizer()!;
}

/** Our pieces with code-point offsets, in HF's output shape. */
function ours(pt: PreTokenizer, text: string): Array<[string, [number, number]]> {
  const r = preTokenizeString(pt, text);
  const offs = toCodePointOffsets(text, r.map((x) => x[1]));
  return r.map((x, i) => [x[0], offs[i]!]);
}

const CASES: Array<[string, () => PreTokenizer, () => HFPre]> = [
  ['Whitespace', () => new WhitespacePreTokenizer(), () => hf.whitespacePreTokenizer()],
  ['WhitespaceSplit', () => new WhitespaceSplitPreTokenizer(), () => hf.whitespaceSplitPreTokenizer()],
  ['BertPreTokenizer', () => new BertPreTokenizer(), () => hf.bertPreTokenizer()],
  ['Punctuation isolated', () => new PunctuationPreTokenizer('isolated'), () => hf.punctuationPreTokenizer('isolated')],
  ['Punctuation removed', () => new PunctuationPreTokenizer('removed'), () => hf.punctuationPreTokenizer('removed')],
  ['Punctuation merged_with_previous', () => new PunctuationPreTokenizer('mergedWithPrevious'), () => hf.punctuationPreTokenizer('mergedWithPrevious')],
  ['Punctuation merged_with_next', () => new PunctuationPreTokenizer('mergedWithNext'), () => hf.punctuationPreTokenizer('mergedWithNext')],
  ['Punctuation contiguous', () => new PunctuationPreTokenizer('contiguous'), () => hf.punctuationPreTokenizer('contiguous')],
  ['Digits', () => new DigitsPreTokenizer(false), () => hf.digitsPreTokenizer(false)],
  ['Digits individual', () => new DigitsPreTokenizer(true), () => hf.digitsPreTokenizer(true)],
  ['Metaspace always', () => new MetaspacePreTokenizer('\u2581', 'always', true), () => viaJson(new MetaspacePreTokenizer('\u2581', 'always', true))],
  ['Metaspace never', () => new MetaspacePreTokenizer('\u2581', 'never', true), () => viaJson(new MetaspacePreTokenizer('\u2581', 'never', true))],
  ['Split regex isolated', () => new SplitPreTokenizer({ regex: '[0-9]+|[.,!?]' }, 'isolated'), () => viaJson(new SplitPreTokenizer({ regex: '[0-9]+|[.,!?]' }, 'isolated'))],
  ['Split string removed', () => new SplitPreTokenizer({ string: ' ' }, 'removed'), () => hf.splitPreTokenizer(' ', 'removed')],
  ['Split inverted', () => new SplitPreTokenizer({ regex: '[a-z]+' }, 'removed', true), () => viaJson(new SplitPreTokenizer({ regex: '[a-z]+' }, 'removed', true))],
  ['Metaspace first, no split', () => new MetaspacePreTokenizer('\u2581', 'first', false), () => viaJson(new MetaspacePreTokenizer('\u2581', 'first', false))],
  ['Split regex merged_with_next', () => new SplitPreTokenizer({ regex: '[ \\t\\n]+' }, 'mergedWithNext'), () => viaJson(new SplitPreTokenizer({ regex: '[ \\t\\n]+' }, 'mergedWithNext'))],
  ['Split regex merged_with_previous', () => new SplitPreTokenizer({ regex: '\\p{P}' }, 'mergedWithPrevious'), () => viaJson(new SplitPreTokenizer({ regex: '\\p{P}' }, 'mergedWithPrevious'))],
  ['Split regex contiguous', () => new SplitPreTokenizer({ regex: '[aeiou]' }, 'contiguous'), () => viaJson(new SplitPreTokenizer({ regex: '[aeiou]' }, 'contiguous'))],
  ['CharDelimiterSplit', () => new CharDelimiterSplitPreTokenizer('e'), () => hf.charDelimiterSplit('e')],
  ['ByteLevel prefix', () => new ByteLevelPreTokenizer({ addPrefixSpace: true }), () => hf.byteLevelPreTokenizer(true, true)],
  ['ByteLevel no regex', () => new ByteLevelPreTokenizer({ addPrefixSpace: false, useRegex: false }), () => hf.byteLevelPreTokenizer(false, false)],
  ['UnicodeScripts', () => new UnicodeScriptsPreTokenizer(), () => viaJson(new UnicodeScriptsPreTokenizer())],
  ['FixedLength 3', () => new FixedLengthPreTokenizer(3), () => viaJson(new FixedLengthPreTokenizer(3))],
  ['FixedLength 1', () => new FixedLengthPreTokenizer(1), () => viaJson(new FixedLengthPreTokenizer(1))],
  ['Sequence(WhitespaceSplit, UnicodeScripts)', () => new SequencePreTokenizer([new WhitespaceSplitPreTokenizer(), new UnicodeScriptsPreTokenizer()]), () => viaJson(new SequencePreTokenizer([new WhitespaceSplitPreTokenizer(), new UnicodeScriptsPreTokenizer()]))],
  ['Sequence(WhitespaceSplit, Digits, Punctuation)', () => new SequencePreTokenizer([new WhitespaceSplitPreTokenizer(), new DigitsPreTokenizer(true), new PunctuationPreTokenizer()]), () => hf.sequencePreTokenizer([hf.whitespaceSplitPreTokenizer(), hf.digitsPreTokenizer(true), hf.punctuationPreTokenizer()])],
];

describe('pre-tokenizers equal HF Rust (pieces and offsets)', () => {
  let lines: string[];
  beforeAll(() => {
    const npm = npmTextDocuments(25_000).join('\n').split('\n');
    lines = [...unicodeLines(300, 3), ...npm, '', ' ', '  a  ', 'a,,b..c!?', "it's 12.5% of 1000", 'どこで生れ。Yes', '  leading spaces', 'カタカナーひらがな漢字abc123', 'Ελληνικά中文 Русский', '\u{1f600}x\u{20000}\u{17000}'].filter((l) => !/[\ud800-\udfff]/.test(l.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
  });

  for (const [name, mk, mkHf] of CASES) {
    it(name, () => {
      const a = mk();
      const b = mkHf();
      for (const line of lines) {
        const ref = b.preTokenizeString(line);
        expect(ours(a, line), JSON.stringify(line)).toEqual(ref);
      }
    });
  }

  it('the GPT-2 scanner gives exactly the GPT-2 regex matches (with Oniguruma \\s)', () => {
    const S = '[\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
    const re = new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?(?:(?!${S})[^\\p{L}\\p{N}])+|${S}+(?!(?!${S})[\\s\\S])|${S}+`, 'gu');
    for (const line of [...lines, 'a\u0085\u0085b', "'S 'sa'll", '  \n  x', '\ud800 lone']) {
      const got: number[] = [];
      gpt2Pieces(line, 0, line.length, got);
      const want: number[] = [];
      for (const m of line.matchAll(re)) want.push(m.index, m.index + m[0].length);
      expect(got, JSON.stringify(line)).toEqual(want);
    }
  });
});
