import { codePoints, pySplit } from './pystr.js';

/** Options of {@link corpusChrf} / {@link sentenceChrf}, with sacreBLEU's defaults (chrF2). */
export interface ChrfOptions {
  /** Character n-gram order (default 6). */
  charOrder?: number;
  /** Word n-gram order (default 0; 2 gives chrF++). */
  wordOrder?: number;
  /** Recall weight β (default 2). */
  beta?: number;
  /** Lower-case first (default false). */
  lowercase?: boolean;
  /** Keep whitespace in character n-grams (default false). */
  whitespace?: boolean;
  /**
   * chrF++.py / NLTK / Moses epsilon smoothing (default false: sacreBLEU's effective-order
   * averaging, its default).
   */
  epsSmoothing?: boolean;
}

/** A chrF result: the score in [0, 100] and its name as sacreBLEU prints it (`chrF2`, `chrF2++`). */
export interface ChrfScore {
  score: number;
  name: string;
  /** Summed `[hyp, ref, match]` counts per order (character orders first, then word orders). */
  stats: number[];
}

// Python's string.punctuation, used by chrF++'s word splitter.
const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** chrF++'s word splitter: one leading OR trailing punctuation mark split off (sacreBLEU `_remove_punctuation`). */
function wordsOf(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const cps = codePoints(w);
    if (cps.length === 1) out.push(w);
    else if (PUNCTS.has(cps[cps.length - 1]!)) out.push(cps.slice(0, -1).join(''), cps[cps.length - 1]!);
    else if (PUNCTS.has(cps[0]!)) out.push(cps[0]!, cps.slice(1).join(''));
    else out.push(w);
  }
  return out;
}

function count(keys: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function charNgrams(line: string, n: number, whitespace: boolean): Map<string, number> {
  const cps = codePoints(whitespace ? line : pySplit(line).join(''));
  const keys: string[] = [];
  for (let i = 0; i + n <= cps.length; i++) keys.push(cps.slice(i, i + n).join(''));
  return count(keys);
}

function wordNgrams(words: string[], n: number): Map<string, number> {
  const keys: string[] = [];
  for (let i = 0; i + n <= words.length; i++) keys.push(words.slice(i, i + n).join(' '));
  return count(keys);
}

interface Resolved {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

function resolve(opts: ChrfOptions): Resolved {
  const r = {
    charOrder: opts.charOrder ?? 6,
    wordOrder: opts.wordOrder ?? 0,
    beta: opts.beta ?? 2,
    lowercase: opts.lowercase ?? false,
    whitespace: opts.whitespace ?? false,
    epsSmoothing: opts.epsSmoothing ?? false,
  };
  if (!(Number.isInteger(r.charOrder) && r.charOrder >= 0)) throw new RangeError(`chrF: charOrder must be a non-negative integer, got ${r.charOrder}`);
  if (!(Number.isInteger(r.wordOrder) && r.wordOrder >= 0)) throw new RangeError(`chrF: wordOrder must be a non-negative integer, got ${r.wordOrder}`);
  if (r.charOrder + r.wordOrder === 0) throw new RangeError('chrF: charOrder + wordOrder must be positive');
  if (!(r.beta > 0)) throw new RangeError(`chrF: beta must be positive, got ${r.beta}`);
  return r;
}

function allNgrams(sent: string, o: Resolved): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= o.charOrder; n++) out.push(charNgrams(sent, n, o.whitespace));
  if (o.wordOrder > 0) {
    const words = wordsOf(sent);
    for (let n = 1; n <= o.wordOrder; n++) out.push(wordNgrams(words, n));
  }
  return out;
}

/** sacreBLEU's `CHRF._compute_f_score`. */
function fScore(stats: readonly number[], o: Resolved): number {
  const eps = 1e-16;
  const order = o.charOrder + o.wordOrder;
  const factor = o.beta ** 2;
  let score = 0;
  let effectiveOrder = 0;
  let avgPrec = 0;
  let avgRec = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i]!;
    const nRef = stats[3 * i + 1]!;
    const nMatch = stats[3 * i + 2]!;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder += 1;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) {
    avgPrec = avgRec = 0;
  } else {
    avgPrec /= effectiveOrder;
    avgRec /= effectiveOrder;
  }
  if (avgPrec + avgRec) {
    let s = (1 + factor) * avgPrec * avgRec;
    s /= factor * avgPrec + avgRec;
    return 100 * s;
  }
  return 0;
}

function matchStats(hyp: Map<string, number>, ref: Map<string, number>): [number, number, number] {
  let match = 0;
  let hypCount = 0;
  for (const [g, c] of hyp) {
    hypCount += c;
    const r = ref.get(g);
    if (r !== undefined) match += Math.min(c, r);
  }
  let refCount = 0;
  for (const c of ref.values()) refCount += c;
  // sacreBLEU: no hits are counted when the reference has no n-gram of this order.
  return [ref.size > 0 ? hypCount : 0, refCount, match];
}

/**
 * Corpus chrF / chrF++ exactly as sacreBLEU 2.x computes it: per segment, the statistics of the
 * reference with the best F-score are kept; statistics are summed over the corpus, then scored.
 * `references[k][i]` is the k-th reference of hypothesis i (sacreBLEU's stream layout); `null`
 * marks a missing reference.
 */
export function corpusChrf(hypotheses: readonly string[], references: readonly (readonly (string | null)[])[], opts: ChrfOptions = {}): ChrfScore {
  const o = resolve(opts);
  if (!Array.isArray(references) || references.length === 0) throw new TypeError('corpusChrf: references must be a non-empty array of reference streams (string[][])');
  for (const [k, stream] of references.entries()) {
    if (stream.length !== hypotheses.length) {
      throw new RangeError(`corpusChrf: reference stream ${k} has ${stream.length} segments, expected ${hypotheses.length} (one per hypothesis)`);
    }
  }
  const prep = (s: string) => (o.lowercase ? s.toLowerCase() : s);
  const order = o.charOrder + o.wordOrder;
  const total = new Array<number>(3 * order).fill(0);
  hypotheses.forEach((hyp, i) => {
    if (typeof hyp !== 'string') throw new TypeError(`corpusChrf: hypotheses[${i}] must be a string, got ${typeof hyp}`);
    const h = allNgrams(prep(hyp), o);
    let best: number[] = [];
    let bestF = -1;
    for (const stream of references) {
      const ref = stream[i];
      if (ref === null || ref === undefined) continue;
      const r = allNgrams(prep(ref), o);
      const stats = h.flatMap((hm, n) => matchStats(hm, r[n]!));
      const f = fScore(stats, o);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    best.forEach((v, j) => (total[j]! += v));
  });
  return { score: fScore(total, o), name: `chrF${o.beta}${'+'.repeat(o.wordOrder)}`, stats: total };
}

/** chrF of one sentence against one or more references. */
export function sentenceChrf(hypothesis: string, references: readonly string[], opts: ChrfOptions = {}): ChrfScore {
  if (!Array.isArray(references) || references.length === 0) throw new TypeError('sentenceChrf: references must be a non-empty array of strings');
  return corpusChrf([hypothesis], references.map((r) => [r]), opts);
}
