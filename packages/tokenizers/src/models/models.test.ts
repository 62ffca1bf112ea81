import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../tokenizer.js';
import { charLevelComponents } from './char-level.js';
import { toCodePointOffsets, unicodeLines } from '../test-support/corpus.js';

const require = createRequire(import.meta.url);
const hfRust = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');

/** Builds ours and HF Rust's tokenizer from the same tokenizer.json and compares ids + offsets. */
async function compare(json: Record<string, unknown>, texts: string[]): Promise<void> {
  const ours = Tokenizer.fromJSON(json);
  const hf = hfRust.Tokenizer.fromString(JSON.stringify(json));
  for (const t of texts) {
    const a = ours.encode(t);
    const b = await hf.encode(t, null);
    expect(a.ids, JSON.stringify(t)).toEqual(b.getIds());
    expect(toCodePointOffsets(t, a.offsets), JSON.stringify(t)).toEqual(b.getOffsets());
    expect(ours.decode(a.ids), JSON.stringify(t)).toBe(await hf.decode(a.ids, false));
  }
  // What we write loads in HF and gives the same ids.
  const back = hfRust.Tokenizer.fromString(JSON.stringify(ours));
  for (const t of texts.slice(0, 20)) expect(ours.encode(t).ids).toEqual((await back.encode(t, null)).getIds());
}

const TEXTS = ['hello world', 'lower newest widest', 'unknownΩ chars ☃ here', '', '   ', 'aaaa bbbb abab', ...unicodeLines(40, 5).map((l) => l.replace(/[\ud800-\udfff]/g, ''))];

function charVocab(extra: string[], withPrefix: string | null, suffix: string | null): Record<string, number> {
  const v: Record<string, number> = { '<unk>': 0 };
  const add = (t: string): void => {
    if (!(t in v)) v[t] = Object.keys(v).length;
  };
  for (const c of 'abcdefghijklmnopqrstuvwxyz') {
    add(c);
    if (withPrefix) add(withPrefix + c);
    if (suffix) add(c + suffix);
    if (withPrefix && suffix) add(withPrefix + c + suffix);
  }
  for (const t of extra) add(t);
  return v;
}

describe('models equal HF Rust (via tokenizer.json)', () => {
  it('BPE with continuing_subword_prefix, end_of_word_suffix and unk', async () => {
    const vocab = charVocab(['##e', '##r', 'lo', 'low', '##er', '##er</w>', 'ne', 'new', '##w', '##e##s'], '##', '</w>');
    // Merge results must be in the vocab: build them.
    const merges: Array<[string, string]> = [['l', '##o'], ['lo', '##w'], ['##e', '##r</w>'], ['n', '##e'], ['ne', '##w']];
    for (const [a, b] of merges) vocab[a + b.replace(/^##/, '')] ??= Object.keys(vocab).length;
    await compare(
      {
        version: '1.0',
        pre_tokenizer: { type: 'Whitespace' },
        decoder: { type: 'BPEDecoder', suffix: '</w>' },
        model: { type: 'BPE', vocab, merges, unk_token: '<unk>', continuing_subword_prefix: '##', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, dropout: null },
      },
      TEXTS,
    );
  });

  it('BPE with fuse_unk', async () => {
    const vocab = charVocab(['ab'], null, null);
    await compare({ version: '1.0', pre_tokenizer: { type: 'WhitespaceSplit' }, model: { type: 'BPE', vocab, merges: ['a b'], unk_token: '<unk>', fuse_unk: true } }, TEXTS);
  });

  it('BPE with byte_fallback (+ ByteFallback/Fuse decoders)', async () => {
    const vocab = charVocab(['ab', '\u2581'], null, null);
    for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = Object.keys(vocab).length;
    await compare(
      {
        version: '1.0',
        pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
        decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true }] },
        model: { type: 'BPE', vocab, merges: ['a b'], unk_token: '<unk>', byte_fallback: true },
      },
      TEXTS,
    );
  });

  it('WordLevel', async () => {
    const vocab = { '<unk>': 0, hello: 1, world: 2, ',': 3, '!': 4 };
    await compare({ version: '1.0', pre_tokenizer: { type: 'Whitespace' }, model: { type: 'WordLevel', vocab, unk_token: '<unk>' } }, ['hello, world!', 'hello there', '', ...TEXTS]);
  });

  it('Unigram (Viterbi) with unk fusing', async () => {
    const vocab: Array<[string, number]> = [['<unk>', 0], ['\u2581', -2], ['a', -3], ['b', -3.5], ['ab', -4], ['abc', -5.5], ['c', -4], ['\u2581ab', -4.2], ['bc', -4.1], ['h', -6], ['e', -5], ['l', -5], ['o', -5], ['hel', -6.5], ['lo', -5.2], ['hello', -7]];
    await compare(
      {
        version: '1.0',
        pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
        decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
        model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
      },
      ['abc abcab hello', 'cab bca xyz hellohello', 'a b c', ...TEXTS],
    );
  });

  it('char-level (Split [\\s\\S] isolated + WordLevel over characters)', async () => {
    const vocab: Record<string, number> = { '<unk>': 0 };
    for (const c of 'abcdefghijklmnopqrstuvwxyz ,.!日😀') vocab[c] = Object.keys(vocab).length;
    const { preTokenizer, model } = charLevelComponents(vocab, '<unk>');
    const t = new Tokenizer(model);
    t.preTokenizer = preTokenizer;
    expect(t.encode('ab 日😀?').tokens).toEqual(['a', 'b', ' ', '日', '😀', '<unk>']);
    expect(t.encode('ab 日😀?').offsets).toEqual([[0, 1], [1, 2], [2, 3], [3, 4], [4, 6], [6, 7]]);
    await compare(t.toJSON(), ['hello, world!', 'ab 日😀?', '', ...TEXTS]);
  });

  it('BPE dropout is reproducible with a seed and 1.0 disables all merges', () => {
    const vocab = charVocab(['ab', 'abc'], null, null);
    const json = { version: '1.0', pre_tokenizer: { type: 'WhitespaceSplit' }, model: { type: 'BPE', vocab, merges: ['a b', 'ab c'], dropout: 0.5 } };
    const t1 = Tokenizer.fromJSON(json);
    const t2 = Tokenizer.fromJSON(json);
    const text = 'abc '.repeat(200);
    expect(t1.encode(text).ids).toEqual(t2.encode(text).ids);
    const ids = t1.encode(text).ids;
    // Some words merge fully, some not at all or partially.
    expect(new Set(ids).size).toBeGreaterThan(2);
    const none = Tokenizer.fromJSON({ ...json, model: { ...json.model, dropout: 1 } });
    expect(none.encode('abc').tokens).toEqual(['a', 'b', 'c']);
    expect(() => Tokenizer.fromJSON({ ...json, model: { ...json.model, dropout: 1.5 } })).toThrow(/dropout expected a number in \[0, 1\], got 1.5/);
  });
});
