import { Unigram } from '../models/unigram.js';
import { checkCount } from '../utils/errors.js';
import type { Trainer } from './trainer.js';
import { addMarginals, buildLattice, PieceTable, viterbi } from './unigram-lattice.js';
import { seedPieces } from './unigram-seeds.js';

/** Options of {@link UnigramTrainer} (names and defaults of HF's `UnigramTrainer`). */
export interface UnigramTrainerOptions {
  /** Final vocabulary size, special tokens included. Default 8000. */
  vocabSize?: number;
  /** Tokens placed first (ids 0..n-1). */
  specialTokens?: string[];
  /**
   * The unk token: its id if it is among `specialTokens`, else it is added first. Default
   * `<unk>` (HF's default is none; a model without unk cannot encode unseen characters).
   */
  unkToken?: string;
  /** Longest piece, in characters. Default 16. */
  maxPieceLength?: number;
  /** Initial pieces kept (characters first, then substrings by frequency x length). Default 1,000,000. */
  seedSize?: number;
  /** Fraction of pieces kept at each pruning round. Default 0.75. */
  shrinkingFactor?: number;
  /** EM iterations per round. Default 2. */
  nSubIterations?: number;
  /** Characters always kept. */
  initialAlphabet?: string[];
}

type Piece = [string, number];
type Sentence = readonly [string[], number];

/** HF's `digamma` (asymptotic series after shifting x above 7). */
function digamma(x0: number): number {
  let x = x0;
  let result = 0;
  while (x < 7) {
    result -= 1 / x;
    x += 1;
  }
  x -= 1 / 2;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  result += Math.log(x) + (1 / 24) * xx2 - (7 / 960) * xx4 + (31 / 8064) * xx4 * xx2 - (127 / 30720) * xx4 * xx4;
  return result;
}

/**
 * Unigram trainer: a port of HF tokenizers' `UnigramTrainer` (itself SentencePiece's), step for
 * step:
 * 1. seeds: every character (weighted by word counts), then the substrings that are internal nodes
 *    of the suffix tree of the distinct words (occur at least twice and are followed by different
 *    characters), scored occurrences x length, best `seedSize`; log-probabilities of the scores;
 * 2. EM rounds of `nSubIterations`: E-step = forward-backward expected counts over each word's
 *    lattice; M-step = drop pieces expected < 0.5 times, score = digamma(count) - digamma(total)
 *    (HF's Bayesian EM);
 * 3. until at most 1.1 x `vocabSize` pieces remain, prune: a piece whose best segmentation is
 *    itself is scored by the likelihood lost if its Viterbi uses fell back to its second-best
 *    segmentation; the least useful are dropped, keeping max(1.1 x vocabSize, shrinkingFactor x size);
 * 4. finalise: every character of the corpus (and `initialAlphabet`) kept, the best-scoring pieces
 *    up to `vocabSize`, sorted by score; special tokens first.
 *
 * Where HF is not deterministic (it iterates hash sets: the order of the required characters, and
 * so the order of equal scores; floating-point sums in thread order) this port uses code point
 * order and word order (words sorted). HF's quirks are kept: the pruning loss uses the number of
 * PIECES where SentencePiece uses the number of alternatives, and pieces with a zero Viterbi count
 * but alternatives are dropped.
 */
export class UnigramTrainer implements Trainer {
  readonly specialTokens: string[];
  constructor(readonly options: UnigramTrainerOptions = {}) {
    const unk = options.unkToken ?? '<unk>';
    const sp = options.specialTokens ?? [];
    this.specialTokens = sp.includes(unk) ? sp : [unk, ...sp];
  }

  train(wordCounts: Map<string, number>): Unigram {
    const vocabSize = this.options.vocabSize ?? 8000;
    checkCount('UnigramTrainer vocabSize', vocabSize);
    const maxLen = this.options.maxPieceLength ?? 16;
    checkCount('UnigramTrainer maxPieceLength', maxLen);
    const shrink = this.options.shrinkingFactor ?? 0.75;
    if (!(shrink > 0 && shrink < 1)) throw new RangeError(`UnigramTrainer shrinkingFactor: expected a number in (0, 1), got ${shrink}`);
    const nSub = this.options.nSubIterations ?? 2;
    checkCount('UnigramTrainer nSubIterations', nSub);
    const sentences: Sentence[] = [...wordCounts]
      .filter(([w]) => w.length > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([w, c]) => [[...w], c] as const);

    let pieces: Piece[] = [['<UNK>', Number.NaN], ...seedPieces(sentences, maxLen, this.options.seedSize ?? 1_000_000)];
    const desired = Math.floor((vocabSize * 11) / 10);
    const required = this.requiredChars(sentences);
    if (required.length > vocabSize) {
      throw new RangeError(`UnigramTrainer vocabSize: expected at least the ${required.length} distinct characters of the corpus, got ${vocabSize}`);
    }
    let table = new PieceTable(pieces);
    for (;;) {
      for (let it = 0; it < nSub; it++) {
        const expected = this.eStep(table, sentences);
        pieces = mStep(pieces, expected);
        table = new PieceTable(pieces);
      }
      if (pieces.length <= desired) break;
      pieces = this.prune(table, pieces, sentences, vocabSize, shrink);
      table = new PieceTable(pieces);
    }
    return this.finalize(table, pieces, required, vocabSize);
  }

  /** Every character of the corpus plus `initialAlphabet`, in code point order. */
  private requiredChars(sentences: readonly Sentence[]): string[] {
    const set = new Set<string>();
    for (const [cs] of sentences) for (const c of cs) set.add(c);
    for (const c of this.options.initialAlphabet ?? []) for (const ch of c) set.add(ch);
    return [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  }

  private eStep(table: PieceTable, sentences: readonly Sentence[]): Float64Array {
    const expected = new Float64Array(table.pieces.length);
    for (const [cs, c] of sentences) {
      const z = addMarginals(buildLattice(cs, table), c, expected);
      if (Number.isNaN(z)) throw new RangeError('UnigramTrainer: likelihood is NaN (a word may be too long)');
    }
    return expected;
  }

  private prune(table: PieceTable, pieces: Piece[], sentences: readonly Sentence[], vocabSize: number, shrink: number): Piece[] {
    const n = pieces.length;
    const alwaysKeep = new Array<boolean>(n).fill(true);
    const alternatives: number[][] = Array.from({ length: n }, () => []);
    // How each piece would be segmented without itself (HF: the 2-best of its own lattice).
    for (let id = 0; id < n; id++) {
      if (id === 0) {
        alwaysKeep[id] = false;
        continue;
      }
      const cs = [...pieces[id]![0]];
      const full = buildLattice(cs, table);
      const best = viterbi(full);
      const without = buildLattice(cs, table, [0, cs.length]);
      const second = cs.length > 1 ? viterbi(without) : null;
      if (second === null || best === null) {
        alwaysKeep[id] = true; // a single segmentation
      } else if (best.length >= 2) {
        alwaysKeep[id] = false;
      } else {
        alwaysKeep[id] = true;
        for (const k of second) alternatives[id]!.push(without.id[k]!);
      }
    }
    // Viterbi counts over the corpus, and which words use each piece.
    let vsum = 0;
    const freq = new Float64Array(n);
    const inverted: number[][] = Array.from({ length: n }, () => []);
    sentences.forEach(([cs, c], i) => {
      const l = buildLattice(cs, table);
      vsum += c;
      for (const k of viterbi(l) ?? []) {
        freq[l.id[k]!] = freq[l.id[k]!]! + c;
        inverted[l.id[k]!]!.push(i);
      }
    });
    let sum = 0;
    for (let i = 0; i < n; i++) sum += freq[i]!;
    const logsum = Math.log(sum);
    const kept: Piece[] = [pieces[0]!];
    const candidates: Array<[number, number]> = [];
    for (let id = 1; id < n; id++) {
      if (freq[id] === 0 && !alwaysKeep[id]) continue; // unused: safe to drop
      if (alternatives[id]!.length === 0) {
        kept.push(pieces[id]!);
        continue;
      }
      let f = 0;
      for (const s of inverted[id]!) f += sentences[s]![1];
      if (f === 0 || Number.isNaN(f)) continue; // HF's "temporary hack to avoid NaNs"
      f /= vsum;
      const logprobSp = Math.log(freq[id]!) - logsum;
      // HF uses alternatives.len() of the OUTER vector (the number of pieces) here.
      const logsumAlt = Math.log(sum + freq[id]! * (n - 1));
      let logprobAlt = 0;
      for (const a of alternatives[id]!) logprobAlt += Math.log(freq[a]! + freq[id]!) - logsumAlt;
      candidates.push([id, f * (logprobSp - logprobAlt)]);
    }
    const desired = Math.floor((vocabSize * 11) / 10);
    const prunedSize = Math.max(desired, Math.floor(n * shrink));
    candidates.sort((a, b) => b[1] - a[1]); // stable, as Rust's sort_by
    for (const [id] of candidates) {
      if (kept.length === prunedSize) break;
      kept.push(pieces[id]!);
    }
    return kept;
  }

  private finalize(table: PieceTable, pieces: Piece[], required: string[], vocabSize: number): Unigram {
    const out: Piece[] = [];
    const inserted = new Set<string>(['<UNK>']);
    const existing = new Map<string, number>();
    for (const [p, s] of pieces) if (!existing.has(p)) existing.set(p, s);
    let penalty = 0;
    for (const c of required) {
      inserted.add(c);
      const s = existing.get(c);
      if (s !== undefined) out.push([c, s]);
      else {
        out.push([c, table.minScore + penalty]);
        penalty += 0.0001;
      }
    }
    const unk = this.options.unkToken ?? '<unk>';
    const specials = this.specialTokens;
    const room = vocabSize - specials.length;
    for (const [p, s] of pieces) {
      if (out.length >= room) break;
      if (inserted.has(p)) continue;
      inserted.add(p);
      out.push([p, Number.isNaN(s) ? 0 : s]);
    }
    out.sort((a, b) => b[1] - a[1]); // stable
    const vocab: Piece[] = [...specials.map((t): Piece => [t, 0]), ...out];
    return new Unigram(vocab, vocab.findIndex(([p]) => p === unk), false);
  }
}

/** @internal Exposed for tests. */
export const digammaForTest = (x: number): number => digamma(x);

/** HF's M-step: drops pieces expected < 0.5 times (the unk piece stays), Bayesian EM scores. */
function mStep(pieces: Piece[], expected: Float64Array): Piece[] {
  const out: Piece[] = [];
  let sum = 0;
  pieces.forEach(([p], i) => {
    if (i === 0) {
      out.push([p, Number.NaN]);
      return;
    }
    const f = expected[i]!;
    if (f < 0.5) return;
    out.push([p, f]);
    sum += f;
  });
  const logsum = digamma(sum);
  return out.map(([p, f], i) => [p, i === 0 ? f : digamma(f) - logsum]);
}
