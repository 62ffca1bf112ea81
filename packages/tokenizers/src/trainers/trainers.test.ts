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

describe('UnigramTrainer (a port of HF\'s; HF Rust exposes no Unigram trainer here, so invariants are checked)', () => {
  const words = ['walking', 'talking', 'walked', 'talked', 'jumping', 'jumped', 'walks', 'talks', 'jumps', 'playing', 'played', 'plays', 'unplayed', 'unwalked'];
  const lines = Array.from({ length: 300 }, (_, i) => `${words[i % words.length]} ${words[(i * 7) % words.length]}`);

  async function train(vocabSize: number): Promise<Tokenizer> {
    const { UnigramTrainer } = await import('./unigram-trainer.js');
    const { MetaspacePreTokenizer } = await import('../pre-tokenizers/metaspace.js');
    const tok = new Tokenizer(new WordLevel({ '<unk>': 0 }));
    tok.preTokenizer = new MetaspacePreTokenizer('\u2581', 'always', true);
    await tok.train(lines, new UnigramTrainer({ vocabSize, specialTokens: ['<pad>'] }));
    return tok;
  }

  it('keeps every character, respects vocabSize and specials, scores sorted, deterministic', async () => {
    const tok = await train(40);
    const json = tok.model.toJSON() as { vocab: Array<[string, number]>; unk_id: number };
    expect(tok.model.type).toBe('Unigram');
    expect(json.vocab[0]).toEqual(['<unk>', 0]);
    expect(json.vocab[1]).toEqual(['<pad>', 0]);
    expect(json.unk_id).toBe(0);
    expect(json.vocab.length).toBeLessThanOrEqual(40);
    const chars = new Set([...lines.join('').replaceAll(' ', '')].concat('\u2581'));
    for (const ch of chars) expect(json.vocab.some(([p]) => p === ch), ch).toBe(true);
    for (let i = 3; i < json.vocab.length; i++) expect(json.vocab[i - 1]![1]).toBeGreaterThanOrEqual(json.vocab[i]![1]);
    expect(JSON.stringify((await train(40)).model)).toBe(JSON.stringify(tok.model));
    // Unseen characters are unk; seen words decode back.
    expect(tok.encode('zz').tokens).toContain('<unk>');
    for (const w of words) expect(tok.encode(w).tokens.join('')).toBe(`\u2581${w}`);
  });

  it('every multi-character piece is a seed HF would make: occurs in 2+ distinct words and is followed by different characters', async () => {
    const tok = await train(40);
    const json = tok.model.toJSON() as { vocab: Array<[string, number]> };
    const distinct = [...new Set(lines.join(' ').split(' '))].map((w) => `\u2581${w}`);
    for (const [p] of json.vocab.slice(2)) {
      if ([...p].length < 2) continue;
      const follows = new Set<string>();
      let occ = 0;
      for (const w of distinct) for (let k = w.indexOf(p); k >= 0; k = w.indexOf(p, k + 1)) {
        occ++;
        follows.add(w[k + p.length] ?? '\0');
      }
      expect(occ, p).toBeGreaterThanOrEqual(2);
      expect(follows.size, p).toBeGreaterThanOrEqual(2);
    }
    // The shared stems are learned; 'ing' / 'ed' are not: they only ever end words, so in the suffix
    // tree of the `\0`-joined words they are always followed by `\0` and are no node (HF's seeding).
    expect(words.map((w) => tok.encode(w).tokens[0])).toEqual(['\u2581walk', '\u2581talk', '\u2581walk', '\u2581talk', '\u2581jump', '\u2581jump', '\u2581walk', '\u2581talk', '\u2581jump', '\u2581play', '\u2581play', '\u2581play', '\u2581un', '\u2581un']);
    const pieces = new Set(json.vocab.map(([p]) => p));
    expect(pieces.has('ing') || pieces.has('ed')).toBe(false);
  });

  it('lattice: posteriors of the nodes covering each character sum to the word count; Viterbi equals the Unigram model', async () => {
    const { PieceTable, buildLattice, addMarginals, viterbi } = await import('./unigram-lattice.js');
    const tok = await train(40);
    const json = tok.model.toJSON() as { vocab: Array<[string, number]> };
    const table = new PieceTable([['<UNK>', Number.NaN], ...json.vocab.slice(2)]);
    for (const w of ['\u2581walking', '\u2581unplayed', '\u2581xyz', '\u2581zz\u2581play']) {
      const cs = [...w];
      const l = buildLattice(cs, table);
      // Posterior of each node, via a one-hot "expected" per node.
      for (let pos = 0; pos < cs.length; pos++) {
        let cover = 0;
        for (let k = 0; k < l.count; k++) {
          if (l.begin[k]! > pos || l.begin[k]! + l.len[k]! <= pos) continue;
          const only = { ...l, count: l.count, id: l.id.map((_, j) => (j === k ? 0 : 1)) } as typeof l;
          const e = new Float64Array(2);
          addMarginals(only, 3, e);
          cover += e[0]!;
        }
        expect(cover).toBeCloseTo(3, 9);
      }
      const path = viterbi(l)!;
      const ours = path.map((k) => (l.id[k] === 0 ? '<unk>' : table.pieces[l.id[k]!]![0]));
      const enc = tok.encode(w.slice(1));
      const merged: string[] = [];
      for (const t of ours) if (!(t === '<unk>' && merged[merged.length - 1] === '<unk>')) merged.push(t);
      expect(enc.tokens).toEqual(merged);
    }
  });

  it('digamma matches known values', async () => {
    const { digammaForTest } = await import('./unigram-trainer.js');
    // HF's asymptotic series is accurate to ~1e-10.
    expect(digammaForTest(1)).toBeCloseTo(-0.5772156649015329, 9);
    expect(digammaForTest(0.5)).toBeCloseTo(-1.9635100260214235, 9);
    expect(digammaForTest(10)).toBeCloseTo(2.251752589066721, 9);
  });
});
