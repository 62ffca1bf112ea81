import { Unigram } from '../models/unigram.js';
import { checkCount } from '../utils/errors.js';
import type { Trainer } from './trainer.js';

/** Options of {@link UnigramTrainer} (names and defaults of HF's `UnigramTrainer`). */
export interface UnigramTrainerOptions {
  /** Final vocabulary size, special tokens included. Default 8000. */
  vocabSize?: number;
  /** Tokens placed first (ids 0..n-1). */
  specialTokens?: string[];
  /** The unk token (added first if not among the special tokens). Default `<unk>`. */
  unkToken?: string;
  /** Longest piece, in characters. Default 16. */
  maxPieceLength?: number;
  /** Initial candidate pieces kept (by frequency x length). Default 1,000,000. */
  seedSize?: number;
  /** Fraction of pieces kept at each pruning round. Default 0.75. */
  shrinkingFactor?: number;
  /** EM iterations per round. Default 2. */
  nSubIterations?: number;
  /** Characters always kept. */
  initialAlphabet?: string[];
}

const logSumExp = (a: number, b: number): number => (a === -Infinity ? b : b === -Infinity ? a : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))));

/**
 * Unigram trainer in the spirit of SentencePiece / HF `UnigramTrainer`: seed pieces = frequent
 * substrings of the words (frequency x length) plus every character; EM with forward-backward
 * expected counts re-estimates log-probabilities; each round drops the pieces whose removal costs
 * least likelihood (approximated by their expected count x log-probability), keeping all single
 * characters, until `vocabSize` is reached.
 *
 * Not bit-identical to HF: HF's seeding uses a suffix array with its own tie order and a digamma
 * M-step; the result here is deterministic (ties broken by piece text) and tested on small
 * corpora whose segmentation can be checked by hand.
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
    const seedSize = this.options.seedSize ?? 1_000_000;
    const shrink = this.options.shrinkingFactor ?? 0.75;
    const nSub = this.options.nSubIterations ?? 2;
    const words = [...wordCounts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([w, c]) => [[...w], c] as const);

    // Seeds: every character, plus substrings (2..maxLen chars) by frequency x length.
    const chars = new Map<string, number>();
    const subs = new Map<string, number>();
    for (const [cs, c] of words) {
      for (let i = 0; i < cs.length; i++) {
        chars.set(cs[i]!, (chars.get(cs[i]!) ?? 0) + c);
        let s = cs[i]!;
        for (let j = i + 1; j < Math.min(cs.length, i + maxLen); j++) {
          s += cs[j]!;
          subs.set(s, (subs.get(s) ?? 0) + c);
        }
      }
    }
    for (const ch of this.options.initialAlphabet ?? []) if (!chars.has(ch)) chars.set(ch, 1);
    const seeds = [...subs].filter(([, f]) => f > 1).sort((a, b) => b[1] * [...b[0]].length - a[1] * [...a[0]].length || (a[0] < b[0] ? -1 : 1)).slice(0, seedSize);
    let pieces = new Map<string, number>();
    const total = [...chars.values()].reduce((a, b) => a + b, 0) + seeds.reduce((a, [, f]) => a + f, 0);
    for (const [ch, f] of chars) pieces.set(ch, Math.log(f / total));
    for (const [s, f] of seeds) pieces.set(s, Math.log(f / total));

    const target = Math.max(vocabSize - this.specialTokens.length, chars.size);
    for (;;) {
      let expected = new Map<string, number>();
      for (let it = 0; it < nSub; it++) {
        expected = this.expectedCounts(words, pieces, maxLen);
        const sum = [...expected.values()].reduce((a, b) => a + b, 0);
        const next = new Map<string, number>();
        for (const [p] of pieces) {
          const e = expected.get(p) ?? 0;
          // Characters always stay (with a floor) so every word stays segmentable.
          if (chars.has(p)) next.set(p, Math.log(Math.max(e, 0.5) / sum));
          else if (e >= 0.5) next.set(p, Math.log(e / sum));
        }
        pieces = next;
      }
      if (pieces.size <= target) break;
      // Prune: keep characters, then the pieces with the largest expected contribution.
      const keepN = Math.max(target, Math.floor(pieces.size * shrink));
      const multi = [...pieces].filter(([p]) => !chars.has(p));
      multi.sort((a, b) => {
        const ca = (expected.get(a[0]) ?? 0) * -a[1];
        const cb = (expected.get(b[0]) ?? 0) * -b[1];
        return cb - ca || (a[0] < b[0] ? -1 : 1);
      });
      const kept = new Map<string, number>();
      for (const [p, s] of pieces) if (chars.has(p)) kept.set(p, s);
      for (const [p, s] of multi) {
        if (kept.size >= keepN) break;
        kept.set(p, s);
      }
      pieces = kept;
    }
    const vocab: Array<[string, number]> = this.specialTokens.map((t) => [t, 0]);
    const sorted = [...pieces].filter(([p]) => !this.specialTokens.includes(p)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const e of sorted) vocab.push(e);
    const unk = this.options.unkToken ?? '<unk>';
    return new Unigram(vocab, vocab.findIndex(([p]) => p === unk), false);
  }

  /** Forward-backward expected piece counts over all words (weighted by word counts). */
  private expectedCounts(words: ReadonlyArray<readonly [readonly string[], number]>, pieces: Map<string, number>, maxLen: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const [cs, c] of words) {
      const n = cs.length;
      const alpha = new Float64Array(n + 1).fill(-Infinity);
      alpha[0] = 0;
      for (let e = 1; e <= n; e++) {
        let s = '';
        for (let b = e - 1; b >= Math.max(0, e - maxLen); b--) {
          s = cs[b]! + s;
          const lp = pieces.get(s);
          if (lp !== undefined) alpha[e] = logSumExp(alpha[e]!, alpha[b]! + lp);
        }
      }
      const beta = new Float64Array(n + 1).fill(-Infinity);
      beta[n] = 0;
      for (let b = n - 1; b >= 0; b--) {
        let s = '';
        for (let e = b + 1; e <= Math.min(n, b + maxLen); e++) {
          s += cs[e - 1]!;
          const lp = pieces.get(s);
          if (lp !== undefined) beta[b] = logSumExp(beta[b]!, lp + beta[e]!);
        }
      }
      const z = alpha[n]!;
      if (z === -Infinity) continue;
      for (let b = 0; b < n; b++) {
        let s = '';
        for (let e = b + 1; e <= Math.min(n, b + maxLen); e++) {
          s += cs[e - 1]!;
          const lp = pieces.get(s);
          if (lp === undefined) continue;
          const post = Math.exp(alpha[b]! + lp + beta[e]! - z);
          if (post > 0) out.set(s, (out.get(s) ?? 0) + c * post);
        }
      }
    }
    return out;
  }
}
