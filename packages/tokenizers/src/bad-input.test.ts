import { describe, expect, it, vi } from 'vitest';
import type { BPE } from './models/bpe.js';
import { PairTable } from './models/pair-table.js';
import type { Tokenizer } from './tokenizer.js';
import { bertUncasedTokenizer } from './test-support/bert.js';
import { gpt2Tokenizer } from './test-support/gpt2.js';

describe('bad input gives defined results', () => {
  const gpt2 = gpt2Tokenizer();
  const bert = bertUncasedTokenizer();

  it('empty strings', () => {
    expect(gpt2.encode('').ids).toEqual([]);
    expect(bert.encode('').ids).toEqual([101, 102]);
    expect(bert.encode('', '').typeIds).toEqual([0, 0, 1]);
    expect(gpt2.decode([])).toBe('');
  });

  it('lone surrogates: encoded as U+FFFD bytes (as TextEncoder), decode gives U+FFFD', () => {
    const s = 'a\ud800b \udc00 \ud83d';
    const e = gpt2.encode(s);
    expect(gpt2.decode(e.ids)).toBe('a\ufffdb \ufffd \ufffd');
    expect(gpt2.encode('\ufffd').ids).toEqual(gpt2.encode('\ud800').ids);
    // Offsets stay inside the text and cover every unit.
    for (const [a, b] of e.offsets) expect(0 <= a && a < b && b <= s.length).toBe(true);
    // BERT's clean_text removes them (as other junk).
    expect(bert.encode('x\ud800y', null, { addSpecialTokens: false }).tokens).toEqual(['x', '##y']);
  });

  it('NUL and control characters', () => {
    const s = 'a\u0000b\u0007c\u001b[0m\td';
    const e = gpt2.encode(s);
    expect(gpt2.decode(e.ids)).toBe(s);
    expect(bert.encode(s, null, { addSpecialTokens: false }).tokens).toEqual(['abc', '[', '0', '##m', 'd']);
  });

  // Linear work is checked by counting work, not by timing (timings on a shared machine are
  // not deterministic): the number of words handed to the model, and of merge-rank lookups.
  function countWork(tok: Tokenizer, fn: () => void): { words: number; lookups: number } {
    const model = tok.model as BPE;
    model.clearCache();
    let words = 0;
    const tokenize = model.tokenize;
    model.tokenize = function (this: BPE, split, out) {
      words++;
      tokenize.call(this, split, out);
    };
    const lookups = vi.spyOn(PairTable.prototype, 'get');
    try {
      fn();
      return { words, lookups: lookups.mock.calls.length };
    } finally {
      lookups.mockRestore();
      delete (model as { tokenize?: unknown }).tokenize;
    }
  }

  it('a 10 MB single line: ids are exactly the repeated unit ids, work is linear, round-trips', () => {
    // Starts with a space and ends with '!', so the GPT-2 pieces never cross a unit boundary.
    const unit = ' The quick brown fox, 12345 jumps: naïve café 日本語 😀!';
    const k = Math.ceil(10_000_000 / unit.length);
    const line = unit.repeat(k);
    let unitIds: number[] = [];
    const one = countWork(gpt2, () => (unitIds = gpt2.encode(unit).ids));
    let e!: ReturnType<Tokenizer['encode']>;
    const all = countWork(gpt2, () => (e = gpt2.encode(line)));
    expect(e.ids.length).toBe(k * unitIds.length);
    for (let i = 0; i < e.ids.length; i += unitIds.length) {
      if (e.ids[i] !== unitIds[0] || e.ids[i + unitIds.length - 1] !== unitIds[unitIds.length - 1]) throw new Error(`unit at token ${i} differs`);
    }
    expect(e.ids.slice(0, 3 * unitIds.length)).toEqual([...unitIds, ...unitIds, ...unitIds]);
    // The model and its merges run once per distinct word (the word cache): the 10 MB line costs
    // exactly the model work of one unit.
    expect(all.words).toBe(one.words);
    expect(all.lookups).toBe(one.lookups);
    expect(gpt2.decode(e.ids)).toBe(line);
  });

  it('a 100 KB word without spaces: BPE merge work is linear in its length, WordPiece gives [UNK]', () => {
    const word = 'abcdefghij'.repeat(10_000);
    let e!: ReturnType<Tokenizer['encode']>;
    const big = countWork(gpt2, () => (e = gpt2.encode(word)));
    const small = countWork(gpt2, () => gpt2.encode(word.slice(0, 10_000)));
    expect(gpt2.decode(e.ids)).toBe(word);
    // Initial pairs plus at most two new pairs per merge: at most 3 lookups per byte at any length
    // (a rescan after each merge would be ~n^2/2: 5e9 here).
    expect(big.lookups).toBeLessThanOrEqual(3 * word.length);
    expect(small.lookups).toBeLessThanOrEqual(3 * 10_000);
    expect(big.lookups).toBeGreaterThan(9 * small.lookups);
    expect(bert.encode(word, null, { addSpecialTokens: false }).tokens).toEqual(['[UNK]']);
  });

  it('non-string input is rejected naming the argument', () => {
    expect(() => gpt2.encode(42 as unknown as string)).toThrow(/encode: text expected a string, got number 42/);
    expect(() => gpt2.encode('a', 7 as unknown as string)).toThrow(/encode: pair expected a string/);
    expect(() => gpt2.encodeBatch(['a', 3 as unknown as string])).toThrow(/encodeBatch: inputs\[1\] expected a string or \[string, string\]/);
    expect(() => gpt2.setTruncation({ maxLength: -1 })).toThrow(/maxLength expected a non-negative integer/);
  });
});
