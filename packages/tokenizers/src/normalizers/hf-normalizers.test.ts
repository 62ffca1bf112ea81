// The normalisers HF serialises that @seqlab/normalize has no generic equivalent for (Precompiled,
// Nmt, ByteLevel), checked against HF's Rust code (npm @anush008/tokenizers) loading the same
// tokenizer.json: normalised text, and the span in the original of every normalised character.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NormalizedString } from '@seqlab/normalize';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../tokenizer.js';
import { toCodePointOffsets, unicodeLines } from '../test-support/corpus.js';
import { SeededRng } from '../utils/rng.js';
import { normalizerFromJSON } from './from-json.js';

const require = createRequire(import.meta.url);
const hf = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');
const fixture = (name: string): URL => new URL(`../../fixtures/${name}`, import.meta.url);

// Characters the nmt_nfkc rules change (compatibility forms, spaces, controls, ligatures, marks)
// mixed with plain text, emoji sequences, CJK, Hangul and RTL. No Indic conjuncts: Unicode 15.1's
// grapheme rule for them is newer than the Rust crate's segmentation.
const POOL = [
  ...'aAzZ09 .,!?\'"-_\t\n\r\f',
  '\u0000', '\u0001', '\u001e', '\u001f', '\u007f', '\u0085', '\u008f', '\u009f', '\u00a0', '\u00ad', '\u1680', '\u2002', '\u2028',
  '\u3000', '\u200b', '\u200d', '\u200e', '\ufeff', '\ufffd', '\u2581', 'ﬁ', 'ﬃ', 'Ａ', 'ｶ', 'ﾞ', '①', '㎏', '½', '™', 'Å', '\u212b',
  'é', 'e\u0301', 'o\u0302\u0323', '\u0301', '\u0316', 'ǅ', 'ẞ', 'İ', 'Σ', '中', '文', '\uf900', '\u{2f800}', '가', '\u1100\u1161\u11a8',
  'か', 'ガ', 'ｶﾞ', '\u3099', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '\u{1d400}', 'ﷺ', 'ﻼ', 'مرحبا', 'שלום', 'AB', 'CCC', '①\u0301', 'ﬁ\u0301',
];

function randomLines(n: number, seed: number): string[] {
  const rng = new SeededRng(seed);
  const out: string[] = ['', ' ', 'plain ascii text'];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(rng.next() * 25);
    let s = '';
    for (let j = 0; j < k; j++) s += POOL[Math.floor(rng.next() * POOL.length)]!;
    out.push(s);
  }
  return out;
}

/** A tokenizer.json whose FixedLength(1) pre-tokenizer makes one token per normalised character. */
function perCharTokenizer(normalizer: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '1.0',
    normalizer,
    pre_tokenizer: { type: 'FixedLength', length: 1 },
    model: { type: 'WordLevel', vocab: { '<unk>': 0 }, unk_token: '<unk>' },
  };
}

async function compare(json: Record<string, unknown>, lines: string[]): Promise<void> {
  const ours = normalizerFromJSON(json);
  const hfNorm = hf.Tokenizer.fromString(JSON.stringify(perCharTokenizer(json))).getNormalizer()!;
  const tokOurs = Tokenizer.fromJSON(perCharTokenizer(json));
  const tokHf = hf.Tokenizer.fromString(JSON.stringify(perCharTokenizer(json)));
  const refs = await tokHf.encodeBatch(lines);
  lines.forEach((line, i) => {
    const want = hfNorm.normalizeString(line);
    expect(ours.normalizer.normalize(line), JSON.stringify(line)).toBe(want);
    expect(ours.normalizer.normalizeString(new NormalizedString(line)).normalized, JSON.stringify(line)).toBe(want);
    const enc = tokOurs.encode(line);
    expect(toCodePointOffsets(line, enc.offsets), JSON.stringify(line)).toEqual(refs[i]!.getOffsets());
  });
}


describe('HF normalisers without a generic equivalent equal HF Rust (text and offsets)', () => {
  let lines: string[];
  let nmtNfkc: string;
  let custom: { rules: string[][]; charsmap: string };
  beforeAll(() => {
    lines = [...randomLines(400, 11), ...unicodeLines(100, 5)].filter((l) => !/[\ud800-\udfff]/.test(l.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
    nmtNfkc = readFileSync(fixture('nmt_nfkc.charsmap.bin')).toString('base64');
    custom = JSON.parse(readFileSync(fixture('precompiled.json'), 'utf8')).cases;
  });

  it('Precompiled: SentencePiece nmt_nfkc charsmap (written by SentencePiece itself)', async () => {
    await compare({ type: 'Precompiled', precompiled_charsmap: nmtNfkc }, lines);
  });

  it('Precompiled: custom rules that grow, shrink, delete and match several characters', async () => {
    const json = { type: 'Precompiled', precompiled_charsmap: custom.charsmap };
    await compare(json, lines);
    // Hand-checked meaning of the rules (fixtures/precompiled.json): deletion, expansion, and
    // HF's shortest-prefix lookup of a whole grapheme (A wins over AB; ① + accent becomes 1; CCC
    // is three graphemes looked up one by one, so its rule never fires).
    const n = normalizerFromJSON(json).normalizer;
    expect(n.normalize('AB\u001eﬁ™CCC e\u0301 ①\u0301')).toBe('aBfiTMCCC é 1');
  });

  it('Precompiled inside a Sequence after NFKD, and Nmt before it (a T5-style chain)', async () => {
    await compare({ type: 'Sequence', normalizers: [{ type: 'Nmt' }, { type: 'NFKD' }, { type: 'Precompiled', precompiled_charsmap: custom.charsmap }] }, lines);
  });

  it('Nmt', async () => {
    await compare({ type: 'Nmt' }, lines);
  });

  it('ByteLevel', async () => {
    await compare({ type: 'ByteLevel' }, lines);
  });

  it('tokenizer.json round trip keeps the charsmap bytes exactly', () => {
    const json = perCharTokenizer({ type: 'Precompiled', precompiled_charsmap: nmtNfkc });
    const back = JSON.parse(JSON.stringify(Tokenizer.fromJSON(json)));
    expect(back.normalizer).toEqual(json.normalizer);
    // And the object form our class writes (from parsed bytes) is the same base64.
    expect((normalizerFromJSON(json.normalizer).normalizer as unknown as { toJSON(): unknown }).toJSON()).toEqual(json.normalizer);
  });

  it('bad input: lone surrogates, NUL, controls, empty text give the same defined result on both paths', () => {
    for (const json of [{ type: 'Precompiled', precompiled_charsmap: nmtNfkc }, { type: 'Nmt' }, { type: 'ByteLevel' }]) {
      const n = normalizerFromJSON(json).normalizer;
      for (const t of ['', '\ud800', 'a\udc00b', '\udc00\ud800', '\0', '\u0001\u0007\u001b\u007f\u0085\u009f', '\u0301x']) {
        const ns = n.normalizeString(new NormalizedString(t));
        expect(ns.normalized, JSON.stringify([json.type, t])).toBe(n.normalize(t));
        for (let i = 0; i < ns.length; i++) {
          const [a, b] = ns.alignment(i);
          expect(0 <= a && a <= b && b <= t.length).toBe(true);
        }
      }
    }
    // A lone surrogate counts as U+FFFD (its UTF-8 form), which nmt_nfkc maps to a space.
    expect(normalizerFromJSON({ type: 'Precompiled', precompiled_charsmap: nmtNfkc }).normalizer.normalize('a\ud800b')).toBe('a b');
  });

  it('bad charsmaps give an error naming the field', () => {
    const bad: Array<[string, RegExp]> = [
      ['', /normalizer Precompiled: field "precompiled_charsmap" expected a base64 SentencePiece charsmap \(precompiled: charsmap must hold at least the 4-byte trie size, got 0 bytes\)/],
      ['@@@@', /not valid base64/],
      [btoa('\u00ff\u0000\u0000\u0000abcd'), /declares a 255-byte trie but holds only 4 bytes/],
      [btoa('\u0000\u0000\u0000\u0000\u00ff\u00fe'), /replacement strings must be valid UTF-8/],
    ];
    for (const [b64, re] of bad) expect(() => normalizerFromJSON({ type: 'Precompiled', precompiled_charsmap: b64 })).toThrow(re);
    expect(() => normalizerFromJSON({ type: 'Precompiled' })).toThrow(/field "precompiled_charsmap" expected a string, got undefined \(missing\)/);
  });
});
