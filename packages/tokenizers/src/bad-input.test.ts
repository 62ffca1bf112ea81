import { describe, expect, it } from 'vitest';
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

  it('a 10 MB single line encodes in linear time and round-trips', () => {
    const unit = 'The quick brown fox, 12345 jumps: naïve café 日本語 😀! ';
    const line = unit.repeat(Math.ceil(10_000_000 / unit.length));
    const small = line.slice(0, 1_000_000);
    const t0 = performance.now();
    const n1 = gpt2.encode(small).ids.length;
    const t1 = performance.now();
    const e = gpt2.encode(line);
    const t2 = performance.now();
    // ~10x the text must not take more than ~30x the time (quadratic would be ~100x).
    expect((t2 - t1) / Math.max(1, t1 - t0)).toBeLessThan(30);
    expect(e.ids.length).toBeGreaterThan(n1 * 9);
    expect(gpt2.decode(e.ids)).toBe(line);
  });

  it('a 100 KB word without spaces: BPE is O(n log n), WordPiece gives [UNK]', () => {
    const word = 'abcdefghij'.repeat(10_000);
    const e = gpt2.encode(word);
    expect(gpt2.decode(e.ids)).toBe(word);
    expect(bert.encode(word, null, { addSpecialTokens: false }).tokens).toEqual(['[UNK]']);
  });

  it('non-string input is rejected naming the argument', () => {
    expect(() => gpt2.encode(42 as unknown as string)).toThrow(/encode: text expected a string, got number 42/);
    expect(() => gpt2.encode('a', 7 as unknown as string)).toThrow(/encode: pair expected a string/);
    expect(() => gpt2.encodeBatch(['a', 3 as unknown as string])).toThrow(/encodeBatch: inputs\[1\] expected a string or \[string, string\]/);
    expect(() => gpt2.setTruncation({ maxLength: -1 })).toThrow(/maxLength expected a non-negative integer/);
  });
});
