import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { bertUncasedTokenizer } from './test-support/bert.js';
import { toCodePointOffsets } from './test-support/corpus.js';
import { gpt2Tokenizer } from './test-support/gpt2.js';
import { Tokenizer } from './tokenizer.js';
import { WordLevel } from './models/wordlevel.js';
import { WhitespaceSplitPreTokenizer } from './pre-tokenizers/whitespace-split.js';
import { TemplateProcessing } from './post-processors/template.js';
import type { Encoding } from './encoding.js';

const require = createRequire(import.meta.url);
const hfRust = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');
type HFEnc = Awaited<ReturnType<InstanceType<typeof hfRust.Tokenizer>['encode']>>;

function same(text: string, pair: string | null, ours: Encoding, ref: HFEnc): void {
  expect(ours.ids).toEqual(ref.getIds());
  expect(ours.typeIds).toEqual(ref.getTypeIds());
  expect(ours.attentionMask).toEqual(ref.getAttentionMask());
  expect(ours.specialTokensMask).toEqual(ref.getSpecialTokensMask());
  expect(ours.tokens).toEqual(ref.getTokens());
  // Offsets per sequence (HF code points); pad/special tokens are [0, 0] in both.
  const seq = ours.sequenceIds;
  const cp = ours.offsets.map((o, i) => (seq[i] === null ? o : toCodePointOffsets(seq[i] === 0 ? text : pair!, [o])[0]!));
  expect(cp).toEqual(ref.getOffsets());
  expect(ours.overflowing.length).toBe(ref.getOverflowing().length);
  ours.overflowing.forEach((o, i) => expect(o.ids).toEqual(ref.getOverflowing()[i]!.getIds()));
}

describe('Tokenizer pipeline vs HF Rust: padding, truncation, added tokens, pairs', () => {
  let bert: Tokenizer;
  const A = 'The quick brown fox jumps over the lazy dog. Naïve café!';
  const B = 'Héllo wörld, how are you doing today?';
  beforeAll(() => {
    bert = bertUncasedTokenizer();
  });

  const settings: Array<[string, (t: Tokenizer) => void, (h: InstanceType<typeof hfRust.Tokenizer>) => void]> = [
    ['truncation longest_first 15', (t) => t.setTruncation({ maxLength: 15 }), (h) => h.setTruncation(15)],
    ['truncation longest_first 16', (t) => t.setTruncation({ maxLength: 16 }), (h) => h.setTruncation(16)],
    ['truncation only_first 20 stride 2', (t) => t.setTruncation({ maxLength: 20, strategy: 'only_first', stride: 2 }), (h) => h.setTruncation(20, { strategy: 'OnlyFirst' as never, stride: 2 })],
    ['truncation only_second 20', (t) => t.setTruncation({ maxLength: 20, strategy: 'only_second' }), (h) => h.setTruncation(20, { strategy: 'OnlySecond' as never })],
    ['truncation left 12', (t) => t.setTruncation({ maxLength: 12, direction: 'left' }), (h) => h.setTruncation(12, { direction: 'left' as never })],
    ['padding fixed 64 right', (t) => t.setPadding({ length: 64 }), (h) => h.setPadding({ maxLength: 64 })],
    ['padding fixed 64 left', (t) => t.setPadding({ length: 64, direction: 'left' }), (h) => h.setPadding({ maxLength: 64, direction: 'left' })],
    ['padding multiple of 8', (t) => t.setPadding({ padToMultipleOf: 8 }), (h) => h.setPadding({ padToMultipleOf: 8 })],
    ['truncation 12 stride 2 + padding 12', (t) => t.setTruncation({ maxLength: 12, stride: 2 }).setPadding({ length: 12 }), (h) => (h.setTruncation(12, { stride: 2 }), h.setPadding({ maxLength: 12 }))],
  ];

  for (const [name, ours, theirs] of settings) {
    it(name, async () => {
      const t = Tokenizer.fromJSON(bert.toJSON());
      ours(t);
      const h = hfRust.Tokenizer.fromString(JSON.stringify(bert));
      theirs(h);
      if (!name.includes('only_second')) same(A, null, t.encode(A), await h.encode(A, null));
      same(A, B, t.encode(A, B), await h.encode(A, B));
      // Written settings load in HF and mean the same there.
      const h2 = hfRust.Tokenizer.fromString(JSON.stringify(t));
      same(A, B, t.encode(A, B), await h2.encode(A, B));
    });
  }

  it('encodeBatch pads to the longest', async () => {
    const t = Tokenizer.fromJSON(bert.toJSON()).setPadding({});
    const h = hfRust.Tokenizer.fromString(JSON.stringify(bert));
    h.setPadding({});
    const inputs = ['short', A, 'a bit longer than short'];
    const ours = t.encodeBatch(inputs);
    const refs = await h.encodeBatch(inputs);
    ours.forEach((e, i) => same(inputs[i]!, null, e, refs[i]!));
  });

  it('added tokens and special tokens: matching, ids, decode with skipSpecialTokens', async () => {
    const t = gpt2Tokenizer();
    t.addTokens(['<tag>', 'hello world']);
    t.addSpecialTokens(['<|sep|>']);
    const h = hfRust.Tokenizer.fromString(JSON.stringify(t));
    const text = 'say hello world<tag>then<|sep|>and <|endoftext|> done';
    const ours = t.encode(text);
    same(text, null, ours, await h.encode(text, null));
    expect(t.decode(ours.ids)).toBe(await h.decode(ours.ids, false));
    expect(t.decode(ours.ids, { skipSpecialTokens: true })).toBe(await h.decode(ours.ids, true));
    expect(ours.tokens).toContain('<|sep|>');
  });

  it('decode rejects out-of-range and non-integer ids, naming them', () => {
    const t = gpt2Tokenizer();
    expect(() => t.decode([15496, 999_999])).toThrow(/ids\[1\] = 999999 is not a token id/);
    expect(() => t.decode([-1])).toThrow(/ids\[0\] = -1/);
    expect(() => t.decode([1.5])).toThrow(/ids\[0\] expected an integer/);
    expect(t.decode([])).toBe('');
  });

  it('seq2seq template <sos> $A <eos> with a word-level model', () => {
    const vocab = { '<pad>': 0, '<sos>': 1, '<eos>': 2, '<unk>': 3, je: 4, suis: 5, la: 6 };
    const t = new Tokenizer(new WordLevel(vocab, '<unk>'));
    t.preTokenizer = new WhitespaceSplitPreTokenizer();
    t.postProcessor = new TemplateProcessing('<sos> $A <eos>', null, [
      ['<sos>', 1],
      ['<eos>', 2],
    ]);
    t.addSpecialTokens(['<pad>', '<sos>', '<eos>', '<unk>']);
    t.setPadding({ length: 8, padId: 0, padToken: '<pad>' });
    const e = t.encode('je suis là');
    expect(e.ids).toEqual([1, 4, 5, 3, 2, 0, 0, 0]);
    expect(e.specialTokensMask).toEqual([1, 0, 0, 0, 1, 1, 1, 1]);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(e.offsets.slice(0, 5)).toEqual([[0, 0], [0, 2], [3, 7], [8, 10], [0, 0]]);
    // <unk> was added as a special token, so skipping special tokens drops it too (as HF).
    expect(t.decode(e.ids, { skipSpecialTokens: true })).toBe('je suis');
    expect(t.decode(e.ids)).toBe('<sos> je suis <unk> <eos> <pad> <pad> <pad>');
  });
});
