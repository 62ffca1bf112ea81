import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../tokenizer.js';
import { TokenizerConfigError } from '../utils/errors.js';
import { bertUncasedTokenizer } from '../test-support/bert.js';
import { gpt2Tokenizer } from '../test-support/gpt2.js';

const wl = { type: 'WordLevel', vocab: { '<unk>': 0, a: 1 }, unk_token: '<unk>' };

describe('tokenizer.json read/write', () => {
  it('round-trips GPT-2 and BERT through our own writer (same JSON, same ids)', () => {
    for (const tok of [gpt2Tokenizer(), bertUncasedTokenizer()]) {
      const text = JSON.stringify(tok);
      const back = Tokenizer.fromJSON(text);
      expect(JSON.stringify(back)).toBe(text);
      const s = 'Hello, World! 日本語 naïve';
      expect(back.encode(s).ids).toEqual(tok.encode(s).ids);
    }
  });

  it('writes the HF schema fields for gpt2 / bert-base-uncased', () => {
    const g = gpt2Tokenizer().toJSON() as Record<string, any>;
    expect(Object.keys(g)).toEqual(['version', 'truncation', 'padding', 'added_tokens', 'normalizer', 'pre_tokenizer', 'post_processor', 'decoder', 'model']);
    expect(g.pre_tokenizer).toEqual({ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true });
    expect(g.added_tokens).toEqual([{ id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }]);
    expect(g.model.type).toBe('BPE');
    expect(g.model.merges[0]).toBe('Ġ t');
    const b = bertUncasedTokenizer().toJSON() as Record<string, any>;
    expect(b.normalizer).toEqual({ type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true });
    expect(b.post_processor.single).toEqual([{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }]);
    expect(b.model).toMatchObject({ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100 });
  });

  it('every component type HF serialises loads, round-trips and loads in HF Rust with the same ids', async () => {
    const { createRequire } = await import('node:module');
    const hfRust = createRequire(import.meta.url)('@anush008/tokenizers') as typeof import('@anush008/tokenizers');
    const json = {
      version: '1.0',
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Nmt' }, { type: 'NFKC' }, { type: 'ByteLevel' }] },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'UnicodeScripts' }, { type: 'FixedLength', length: 2 }] },
      model: { type: 'WordLevel', vocab: { '<unk>': 0, '<pad>': 1, '|': 2, ab: 3, 'c\u0120': 4, 'æĹ': 5 }, unk_token: '<unk>' },
      decoder: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
    };
    const ours = Tokenizer.fromJSON(json);
    const text = JSON.stringify(ours);
    expect(JSON.parse(text)).toMatchObject(json);
    const hf = hfRust.Tokenizer.fromString(text);
    for (const s of ['abc 日本\u200bab', 'ａｂc\t', '']) {
      const e = ours.encode(s);
      const r = await hf.encode(s);
      expect(e.ids).toEqual(r.getIds());
      expect(ours.decode([1, 3, 3, 2, 4, 1, 4])).toBe(await hf.decode([1, 3, 3, 2, 4, 1, 4], false));
    }
  });

  it('reads old-style fields: merges as "a b", Metaspace add_prefix_space, BertProcessing, untyped model', () => {
    const t = Tokenizer.fromJSON({
      version: '1.0',
      pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', add_prefix_space: true },
      post_processor: { type: 'BertProcessing', sep: ['</s>', 2], cls: ['<s>', 1] },
      model: { vocab: { '<unk>': 0, '<s>': 1, '</s>': 2, '\u2581': 3, a: 4, '\u2581a': 5 }, merges: ['\u2581 a'], unk_token: '<unk>' },
    });
    expect(t.model.type).toBe('BPE');
    expect(t.encode('a a').tokens).toEqual(['<s>', '\u2581a', '\u2581a', '</s>']);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{oops', /tokenizer.json: field "\(file\)" expected valid JSON/],
    ['no model', { version: '1.0' }, /tokenizer.json: field "model" expected a model object/],
    ['unknown model type', { model: { type: 'Magic', vocab: {} } }, /model: field "type" expected one of BPE, WordPiece, WordLevel, Unigram, got "Magic"/],
    ['BPE without vocab', { model: { type: 'BPE', merges: [] } }, /model BPE: field "vocab" expected an object, got undefined \(missing\)/],
    ['BPE bad merge entry', { model: { type: 'BPE', vocab: { a: 0 }, merges: [42] } }, /model BPE: field "merges\[0\]" expected "a b" or \["a", "b"\], got number 42/],
    ['BPE merge token missing', { model: { type: 'BPE', vocab: { a: 0, b: 1 }, merges: ['a b'] } }, /merges\[0\] result "ab" is not in the vocab/],
    ['vocab id not integer', { model: { type: 'WordLevel', vocab: { a: 'x' } } }, /model WordLevel: field "vocab\["a"\]" expected a non-negative integer id/],
    ['Unigram bad entry', { model: { type: 'Unigram', vocab: [['a']] } }, /model Unigram: field "vocab\[0\]" expected \[piece, score\]/],
    ['unknown pre-tokenizer', { model: wl, pre_tokenizer: { type: 'Nope' } }, /pre_tokenizer: field "type" expected one of ByteLevel, .*got "Nope"/],
    ['pre-tokenizer missing type', { model: wl, pre_tokenizer: {} }, /pre_tokenizer: field "type" expected a string, got undefined \(missing\)/],
    ['Split bad behavior', { model: wl, pre_tokenizer: { type: 'Split', pattern: { String: ' ' }, behavior: 'Sideways' } }, /pre_tokenizer Split: field "behavior" expected one of "Removed"/],
    ['nested Sequence error path', { model: wl, pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { type: 'Bogus' }] } }, /pre_tokenizer.pretokenizers\[1\]: field "type"/],
    ['unknown normalizer', { model: wl, normalizer: { type: 'Magic' } }, /normalizer: field "type" expected a supported normalizer type .*got "Magic"/],
    ['Precompiled empty charsmap', { model: wl, normalizer: { type: 'Precompiled', precompiled_charsmap: '' } }, /normalizer Precompiled: field "precompiled_charsmap" expected a base64 SentencePiece charsmap/],
    ['FixedLength length 0', { model: wl, pre_tokenizer: { type: 'FixedLength', length: 0 } }, /pre_tokenizer FixedLength: field "length" expected a positive integer/],
    ['CTC bad cleanup', { model: wl, decoder: { type: 'CTC', cleanup: 'yes' } }, /decoder CTC: field "cleanup" expected a boolean/],
    ['unknown decoder', { model: wl, decoder: { type: 'Morse' } }, /decoder: field "type" expected one of .*got "Morse"/],
    ['unknown post-processor', { model: wl, post_processor: { type: 'Other' } }, /post_processor: field "type" expected one of .*got "Other"/],
    ['template missing special token', { model: wl, post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }], pair: [], special_tokens: {} } }, /template uses special token "\[CLS\]" missing from special_tokens/],
    ['added token missing content', { model: wl, added_tokens: [{ id: 5, special: true }] }, /added_tokens\[0\]: field "content" expected a string/],
    ['padding bad strategy', { model: wl, padding: { strategy: 'Huge' } }, /padding.strategy: field "\(self\)" expected a JSON object/],
  ];
  for (const [name, json, re] of bad) {
    it(`error names the problem: ${name}`, () => {
      let err: unknown;
      try {
        Tokenizer.fromJSON(json as string);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(re);
      if (!/result "ab"|template uses/.test(re.source)) expect(err).toBeInstanceOf(TokenizerConfigError);
    });
  }
});
