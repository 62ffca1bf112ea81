import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { npmTextDocuments } from '../test-support/corpus.js';
import { Tokenizer } from '../tokenizer.js';
import { BPE } from '../models/bpe.js';
import { WordLevel } from '../models/wordlevel.js';
import { WhitespacePreTokenizer } from '../pre-tokenizers/whitespace.js';
import { trainBpe } from './bpe-trainer.js';
import { BpeTrainer, WordLevelTrainer, WordPieceTrainer } from './trainers.js';
import { countWords } from './word-counts.js';
import type { WordPiece } from '../models/wordpiece.js';

const require = createRequire(import.meta.url);
const hfRust = require('@anush008/tokenizers') as typeof import('@anush008/tokenizers');

/** Trains HF Rust with its model's default trainer (what the napi binding exposes) and reads the result back. */
function hfTrain(model: InstanceType<typeof hfRust.Model>, file: string): Record<string, any> {
  const t = new hfRust.Tokenizer(model);
  t.setPreTokenizer(hfRust.whitespacePreTokenizer());
  t.train([file]);
  const out = join(mkdtempSync(join(tmpdir(), 'seqlab-train-')), 'tokenizer.json');
  t.save(out, false);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, any>;
}

describe('trainers', () => {
  let lines: string[];
  let file: string;
  beforeAll(() => {
    lines = npmTextDocuments(150_000).join('\n').split('\n');
    file = join(mkdtempSync(join(tmpdir(), 'seqlab-corpus-')), 'corpus.txt');
    writeFileSync(file, lines.join('\n'));
  });

  it('BPE: same vocab ids and merges as HF Rust BpeTrainer (default settings, vocab 30000)', async () => {
    const ref = hfTrain(hfRust.BPE.empty(), file);
    const tok = new Tokenizer(new BPE({}, []));
    tok.preTokenizer = new WhitespacePreTokenizer();
    await tok.train(lines, new BpeTrainer());
    const ours = tok.toJSON().model as Record<string, any>;
    const refMerges = (ref.model.merges as Array<string | string[]>).map((m) => (typeof m === 'string' ? m : m.join(' ')));
    expect(ours.merges.length).toBe(refMerges.length);
    expect(ours.merges).toEqual(refMerges);
    expect(ours.vocab).toEqual(ref.model.vocab);
    // And HF loads what we trained, giving the same ids.
    const back = hfRust.Tokenizer.fromString(JSON.stringify(tok));
    for (const l of lines.slice(0, 50)) expect(tok.encode(l).ids).toEqual((await back.encode(l, null)).getIds());
  });

  it('WordLevel: same vocab as HF Rust WordLevelTrainer (default settings)', async () => {
    const ref = hfTrain(hfRust.WordLevel.empty() as never, file);
    const tok = new Tokenizer(new WordLevel({ '<unk>': 0 }));
    tok.preTokenizer = new WhitespacePreTokenizer();
    await tok.train(lines, new WordLevelTrainer());
    expect((tok.toJSON().model as Record<string, any>).vocab).toEqual(ref.model.vocab);
  });

  it('WordPiece: same alphabet ids, size and vocab as HF Rust WordPieceTrainer; rest as close as HF is to itself', async () => {
    // HF gives "##x" symbols ids in HashMap order (random per run), and equal-count merges are
    // broken by id, so two HF runs on the same corpus differ; we check against that spread.
    const ref1 = hfTrain(hfRust.WordPiece.empty() as never, file);
    const ref2 = hfTrain(hfRust.WordPiece.empty() as never, file);
    const tok = new Tokenizer(new WordLevel({ '<unk>': 0 }));
    tok.preTokenizer = new WhitespacePreTokenizer();
    await tok.train(lines, new WordPieceTrainer());
    const ours = (tok.model as WordPiece).getVocab();
    const v1 = ref1.model.vocab as Record<string, number>;
    const v2 = ref2.model.vocab as Record<string, number>;
    // Even the size varies between HF runs (a merge can rebuild an existing token).
    expect(Math.abs(ours.size - Object.keys(v1).length)).toBeLessThanOrEqual(Math.max(5, 0.005 * ours.size));
    // Alphabet (sorted by code point, ids from 0) is deterministic in HF: identical ids.
    for (const [t, id] of Object.entries(v1)) if ([...t].length === 1) expect(ours.get(t)).toBe(id);
    const diff = (a: Set<string>, b: Set<string>): number => [...a].filter((k) => !b.has(k)).length;
    const hfSpread = diff(new Set(Object.keys(v1)), new Set(Object.keys(v2)));
    const ourSpread = Math.min(diff(new Set(ours.keys()), new Set(Object.keys(v1))), diff(new Set(ours.keys()), new Set(Object.keys(v2))));
    expect(ourSpread).toBeLessThanOrEqual(Math.max(3 * hfSpread, 0.05 * ours.size));
    expect(ourSpread / ours.size).toBeLessThan(0.05);
  });

  it('streams from an async iterable; special tokens, minFrequency, limitAlphabet, initialAlphabet', async () => {
    async function* gen(): AsyncGenerator<string> {
      yield 'low low low low low';
      yield 'lower lower newest newest newest';
      yield 'newest newest newest widest widest widest';
    }
    const counts = await countWords(gen(), null, new WhitespacePreTokenizer());
    expect(counts.get('newest')).toBe(6);
    // Classic Sennrich et al. example: first merges are by count, ties by smaller id pair.
    const r = trainBpe(counts, { vocabSize: 30, specialTokens: ['<pad>', '<unk>'], minFrequency: 2, initialAlphabet: ['z'] });
    expect([...r.vocab.keys()].slice(0, 2)).toEqual(['<pad>', '<unk>']);
    expect(r.vocab.has('z')).toBe(true);
    expect(r.merges.slice(0, 4)).toEqual([['e', 's'], ['es', 't'], ['l', 'o'], ['lo', 'w']]);
    const limited = trainBpe(counts, { limitAlphabet: 5 });
    const alpha = [...limited.vocab.keys()].filter((k) => k.length === 1);
    expect(alpha.length).toBe(5);
    const suffixed = trainBpe(counts, { endOfWordSuffix: '</w>', continuingSubwordPrefix: '##', vocabSize: 40 });
    expect([...suffixed.vocab.keys()]).toContain('##t</w>');
    expect(() => trainBpe(counts, { vocabSize: -1 })).toThrow(/vocabSize: expected a non-negative integer, got number -1/);
  });
});

describe('UnigramTrainer (hand-checkable corpus; HF Rust exposes no Unigram trainer here)', () => {
  it('learns whole frequent words, keeps every character, respects vocabSize and specials', async () => {
    const { UnigramTrainer } = await import('./unigram-trainer.js');
    const { MetaspacePreTokenizer } = await import('../pre-tokenizers/metaspace.js');
    const tok = new Tokenizer(new WordLevel({ '<unk>': 0 }));
    tok.preTokenizer = new MetaspacePreTokenizer('\u2581', 'always', true);
    const lines = Array.from({ length: 200 }, (_, i) => ['hello world', 'hello there', 'world peace', 'help held'][i % 4]!);
    await tok.train(lines, new UnigramTrainer({ vocabSize: 30, specialTokens: ['<pad>'] }));
    const vocab = tok.model.getVocab();
    expect(tok.model.type).toBe('Unigram');
    expect(vocab.get('<unk>')).toBe(0);
    expect(vocab.get('<pad>')).toBe(1);
    expect(vocab.size).toBeLessThanOrEqual(30);
    for (const ch of 'helowrdtpac\u2581') expect(vocab.has(ch)).toBe(true);
    // The most frequent words become single pieces.
    expect(tok.encode('hello world').tokens).toEqual(['\u2581hello', '\u2581world']);
    // Unseen characters are unk; the result is deterministic.
    expect(tok.encode('hello zz').tokens).toEqual(['\u2581hello', '\u2581', '<unk>']);
    const again = new Tokenizer(new WordLevel({ '<unk>': 0 }));
    again.preTokenizer = tok.preTokenizer;
    await again.train(lines, new UnigramTrainer({ vocabSize: 30, specialTokens: ['<pad>'] }));
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(tok.model));
  });
});
