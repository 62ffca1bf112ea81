import { pyRstrip, pySplit } from './pystr.js';
import { bleuTokenizer, type BleuTokenizer } from './sacre-tokenizers.js';

/** Smoothing of zero n-gram matches (Chen & Cherry 2014), as sacreBLEU names them. */
export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';

/** Options of {@link corpusBleu} and {@link sentenceBleu}, with sacreBLEU's defaults. */
export interface BleuOptions {
  /** `'13a'` (default), `'intl'`, `'char'` or `'none'`. */
  tokenize?: BleuTokenizer;
  /** Lower-case hypotheses and references first (default false). */
  lowercase?: boolean;
  /** `'exp'` (default, mteval's method), `'floor'`, `'add-k'` or `'none'`. */
  smoothMethod?: BleuSmoothing;
  /** Value for `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue?: number;
  /** Highest n-gram order (default 4). */
  maxNgramOrder?: number;
  /**
   * Average only over orders that have at least one hypothesis n-gram (default false for corpus
   * BLEU, true for {@link sentenceBleu} as in `sacrebleu.sentence_bleu`).
   */
  effectiveOrder?: boolean;
}

/** A BLEU result with its sufficient statistics, as sacreBLEU's `BLEUScore`. */
export interface BleuScore {
  /** BLEU in [0, 100]. */
  score: number;
  /** Matched n-grams per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  /** Precision per order, in percent. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  sysLen: number;
  refLen: number;
  /** sysLen / refLen (0 when refLen is 0). */
  ratio: number;
}

const SMOOTH_DEFAULTS: Record<BleuSmoothing, number | null> = { none: null, floor: 0.1, 'add-k': 1, exp: null };

/**
 * BLEU from sufficient statistics, line for line sacreBLEU's `BLEU.compute_bleu` (including the
 * early 0 when nothing matches and the -9999999999 floor of log 0).
 */
export function computeBleu(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  opts: Pick<BleuOptions, 'smoothMethod' | 'smoothValue' | 'effectiveOrder' | 'maxNgramOrder'> = {},
): BleuScore {
  const method = opts.smoothMethod ?? 'none';
  if (!(method in SMOOTH_DEFAULTS)) throw new RangeError(`BLEU: smoothMethod must be 'exp', 'floor', 'add-k' or 'none', got '${method}'`);
  const smoothValue = opts.smoothValue ?? SMOOTH_DEFAULTS[method] ?? 0;
  const order = opts.maxNgramOrder ?? 4;
  const c = [...correct];
  const t = [...total];
  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0;
  const precisions = new Array<number>(order).fill(0);
  const result = (score: number): BleuScore => ({ score, counts: c, totals: t, precisions, bp, sysLen, refLen, ratio: refLen ? sysLen / refLen : 0 });
  if (!c.some((x) => x !== 0)) return result(0.0);
  let smoothMteval = 1.0;
  let effOrder = order;
  for (let n = 1; n <= order; n++) {
    if (method === 'add-k' && n > 1) {
      c[n - 1]! += smoothValue;
      t[n - 1]! += smoothValue;
    }
    if (t[n - 1] === 0) break;
    if (opts.effectiveOrder) effOrder = n;
    if (c[n - 1] === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t[n - 1]!);
      } else if (method === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / t[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * c[n - 1]!) / t[n - 1]!;
    }
  }
  let logSum = 0;
  for (const p of precisions.slice(0, effOrder)) logSum += p === 0 ? -9999999999 : Math.log(p);
  return result(bp * Math.exp(logSum / effOrder));
}

/** Every n-gram of orders 1..max with counts (key: tokens joined by a space; tokens hold none). */
function ngrams(tokens: string[], maxOrder: number): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(' ');
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

/** sacreBLEU's `_get_closest_ref_len`: closest length, the shorter one on ties. */
function closestRefLen(hypLen: number, refLens: number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const r of refLens) {
    const diff = Math.abs(hypLen - r);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = r;
    } else if (diff === closestDiff && r < closestLen) {
      closestLen = r;
    }
  }
  return closestLen;
}

/**
 * Corpus BLEU exactly as sacreBLEU 2.x computes it. `references` is a list of reference STREAMS
 * (sacreBLEU's layout): `references[k][i]` is the k-th reference of hypothesis i. A reference may
 * be `null` where segments have different numbers of references.
 */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly (string | null)[])[], opts: BleuOptions = {}): BleuScore {
  if (!Array.isArray(hypotheses)) throw new TypeError('corpusBleu: hypotheses must be an array of strings');
  if (!Array.isArray(references) || references.length === 0 || !references.every((r) => Array.isArray(r))) {
    throw new TypeError('corpusBleu: references must be a non-empty array of reference streams (string[][])');
  }
  for (const [k, stream] of references.entries()) {
    if (stream.length !== hypotheses.length) {
      throw new RangeError(`corpusBleu: reference stream ${k} has ${stream.length} segments, expected ${hypotheses.length} (one per hypothesis)`);
    }
  }
  const order = opts.maxNgramOrder ?? 4;
  if (!(Number.isInteger(order) && order > 0)) throw new RangeError(`BLEU: maxNgramOrder must be a positive integer, got ${order}`);
  const tok = bleuTokenizer(opts.tokenize ?? '13a');
  const prep = (s: string) => tok(pyRstrip(opts.lowercase ? s.toLowerCase() : s));
  const correct = new Array<number>(order).fill(0);
  const total = new Array<number>(order).fill(0);
  let sysLen = 0;
  let refLen = 0;
  hypotheses.forEach((hyp, i) => {
    if (typeof hyp !== 'string') throw new TypeError(`corpusBleu: hypotheses[${i}] must be a string, got ${typeof hyp}`);
    // Reference n-grams: the max count of each n-gram over the references (clipping).
    const refMax: Map<string, number>[] = Array.from({ length: order }, () => new Map());
    const refLens: number[] = [];
    for (const stream of references) {
      const ref = stream[i];
      if (ref === null || ref === undefined) continue;
      const toks = pySplit(prep(ref));
      refLens.push(toks.length);
      ngrams(toks, order).forEach((m, n) => {
        for (const [g, cnt] of m) refMax[n]!.set(g, Math.max(refMax[n]!.get(g) ?? 0, cnt));
      });
    }
    const htoks = pySplit(prep(hyp));
    sysLen += htoks.length;
    refLen += closestRefLen(htoks.length, refLens);
    ngrams(htoks, order).forEach((m, n) => {
      for (const [g, cnt] of m) {
        total[n]! += cnt;
        const r = refMax[n]!.get(g);
        if (r !== undefined) correct[n]! += Math.min(cnt, r);
      }
    });
  });
  return computeBleu(correct, total, sysLen, refLen, {
    smoothMethod: opts.smoothMethod ?? 'exp',
    smoothValue: opts.smoothValue,
    effectiveOrder: opts.effectiveOrder ?? false,
    maxNgramOrder: order,
  });
}

/** Sentence BLEU against one or more references; `effectiveOrder` defaults to true (sacreBLEU's `sentence_bleu`). */
export function sentenceBleu(hypothesis: string, references: readonly string[], opts: BleuOptions = {}): BleuScore {
  if (typeof hypothesis !== 'string') throw new TypeError('sentenceBleu: hypothesis must be a string');
  if (!Array.isArray(references) || references.length === 0) throw new TypeError('sentenceBleu: references must be a non-empty array of strings');
  return corpusBleu([hypothesis], references.map((r) => [r]), { effectiveOrder: true, ...opts });
}
