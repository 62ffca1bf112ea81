import { BPE } from '../models/bpe.js';
import { checkCount } from '../utils/errors.js';

/** Options of {@link trainBpe} (HF `BpeTrainer`; same names and defaults). */
export interface BpeTrainerOptions {
  /** Target vocabulary size, special tokens and alphabet included. Default 30000. */
  vocabSize?: number;
  /** Pairs seen fewer times are not merged. Default 0. */
  minFrequency?: number;
  /** Tokens placed first in the vocab (ids 0..n-1), in this order. */
  specialTokens?: string[];
  /** Keep at most this many initial characters (the most frequent). */
  limitAlphabet?: number | null;
  /** Characters always in the alphabet, even if unseen. */
  initialAlphabet?: string[];
  /** Prefix of non-initial symbols (e.g. `##`). */
  continuingSubwordPrefix?: string | null;
  /** Suffix of word-final symbols (e.g. `</w>`). */
  endOfWordSuffix?: string | null;
  /** Merged tokens longer than this (in characters) are not created. */
  maxTokenLength?: number | null;
}

/** The trained vocabulary and merges (HF order), ready for {@link BPE}. */
export interface BpeTrainResult {
  vocab: Map<string, number>;
  merges: Array<[string, string]>;
}

interface Entry {
  a: number;
  b: number;
  count: number;
  pos: Set<number>;
}

/** Max-heap order of HF's `Merge`: higher count first, then the smaller (a, b) id pair. */
function before(x: Entry, y: Entry): boolean {
  if (x.count !== y.count) return x.count > y.count;
  if (x.a !== y.a) return x.a < y.a;
  return x.b < y.b;
}

class Heap {
  private items: Entry[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: Entry): void {
    const h = this.items;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }
  pop(): Entry {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

const key = (a: number, b: number): number => a * 0x200000 + b;

/**
 * Learns BPE merges from word counts with the algorithm of HF's Rust `BpeTrainer` (same
 * alphabet order, same pair counting, same priority queue with lazy count refresh, same
 * tie-break on equal counts: the smaller id pair), so the same corpus and settings give the same
 * vocab ids and merges. One documented exception: with `limitAlphabet`, HF drops characters
 * with an unstable sort, so ties in character counts may be cut differently.
 */
export function trainBpe(wordCounts: Map<string, number>, options: BpeTrainerOptions = {}): BpeTrainResult {
  const vocabSize = options.vocabSize ?? 30000;
  checkCount('BpeTrainer vocabSize', vocabSize);
  const minFrequency = options.minFrequency ?? 0;
  checkCount('BpeTrainer minFrequency', minFrequency);
  const prefix = options.continuingSubwordPrefix ?? null;
  const suffix = options.endOfWordSuffix ?? null;
  const maxLen = options.maxTokenLength ?? Number.MAX_SAFE_INTEGER;
  const w2id = new Map<string, number>();
  const id2w: string[] = [];
  const addTok = (t: string): number => {
    let id = w2id.get(t);
    if (id === undefined) {
      id = id2w.length;
      id2w.push(t);
      w2id.set(t, id);
    }
    return id;
  };
  for (const t of options.specialTokens ?? []) addTok(t);

  // Alphabet: characters weighted by word counts; forced initial alphabet; optional limit.
  const alphabet = new Map<string, number>();
  for (const [w, c] of wordCounts) for (const ch of w) alphabet.set(ch, (alphabet.get(ch) ?? 0) + c);
  for (const ch of options.initialAlphabet ?? []) {
    if ([...ch].length !== 1) throw new RangeError(`BpeTrainer initialAlphabet: entries must be single characters, got ${JSON.stringify(ch)}`);
    alphabet.set(ch, Number.MAX_SAFE_INTEGER);
  }
  let kept = [...alphabet];
  const limit = options.limitAlphabet ?? null;
  if (limit !== null && alphabet.size > limit) {
    kept.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
    kept = kept.slice(alphabet.size - limit);
  }
  kept.sort((x, y) => x[0].codePointAt(0)! - y[0].codePointAt(0)!);
  for (const [ch] of kept) addTok(ch);

  // Words as symbol-id arrays (unknown characters are dropped, as in HF).
  const words: number[][] = [];
  const lens: number[][] = [];
  const counts: number[] = [];
  for (const [w, c] of wordCounts) {
    const chars = [...w];
    const syms: number[] = [];
    const ls: number[] = [];
    chars.forEach((ch, i) => {
      if (!w2id.has(ch)) return;
      let s = ch;
      if (i > 0 && prefix !== null) s = prefix + s;
      if (i === chars.length - 1 && suffix !== null) s = s + suffix;
      syms.push(addTok(s));
      ls.push(1);
    });
    words.push(syms);
    lens.push(ls);
    counts.push(c);
  }

  // Pair counts and where each pair occurs.
  const pairCounts = new Map<number, number>();
  let where = new Map<number, Set<number>>();
  words.forEach((syms, i) => {
    for (let k = 0; k + 1 < syms.length; k++) {
      const p = key(syms[k]!, syms[k + 1]!);
      pairCounts.set(p, (pairCounts.get(p) ?? 0) + counts[i]!);
      let s = where.get(p);
      if (s === undefined) where.set(p, (s = new Set()));
      s.add(i);
    }
  });
  const heap = new Heap();
  const flush = (): void => {
    for (const [p, pos] of where) {
      const c = pairCounts.get(p) ?? 0;
      if (c > 0) heap.push({ a: Math.floor(p / 0x200000), b: p % 0x200000, count: c, pos });
    }
    where = new Map();
  };
  flush();

  const merges: Array<[string, string]> = [];
  while (w2id.size < vocabSize && heap.size > 0) {
    const top = heap.pop();
    const current = pairCounts.get(key(top.a, top.b)) ?? 0;
    if (top.count !== current) {
      top.count = current;
      heap.push(top);
      continue;
    }
    if (top.count < 1 || minFrequency > top.count) break;
    const partA = id2w[top.a]!;
    let partB = id2w[top.b]!;
    if (prefix !== null && partB.startsWith(prefix)) partB = partB.slice(prefix.length);
    const newId = addTok(partA + partB);
    merges.push([id2w[top.a]!, id2w[top.b]!]);
    for (const i of top.pos) {
      const syms = words[i]!;
      const ls = lens[i]!;
      const c = counts[i]!;
      const change = (a: number, b: number, d: number): void => {
        const p = key(a, b);
        pairCounts.set(p, (pairCounts.get(p) ?? 0) + d * c);
        if (d > 0) {
          let s = where.get(p);
          if (s === undefined) where.set(p, (s = new Set()));
          s.add(i);
        }
      };
      // HF `Word::merge`: left to right, non-overlapping, reporting pair changes.
      for (let k = 0; k < syms.length; k++) {
        if (syms[k] === top.a && k + 1 < syms.length && syms[k + 1] === top.b) {
          const newLen = ls[k]! + ls[k + 1]!;
          if (k > 0) {
            change(syms[k - 1]!, top.a, -1);
            if (ls[k - 1]! + newLen < maxLen) change(syms[k - 1]!, newId, 1);
          }
          syms.splice(k, 2, newId);
          ls.splice(k, 2, newLen);
          if (k < syms.length - 1) {
            change(top.b, syms[k + 1]!, -1);
            if (ls[k + 1]! + newLen < maxLen) change(newId, syms[k + 1]!, 1);
          }
        }
      }
    }
    flush();
  }
  return { vocab: w2id, merges };
}

/** Builds a {@link BPE} model from a training result (prefix/suffix carried over, as HF). */
export function bpeFromTraining(r: BpeTrainResult, options: BpeTrainerOptions = {}, unkToken: string | null = null): BPE {
  return new BPE(r.vocab, r.merges, { continuingSubwordPrefix: options.continuingSubwordPrefix ?? null, endOfWordSuffix: options.endOfWordSuffix ?? null, unkToken });
}
