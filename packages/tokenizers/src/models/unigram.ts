import { resolved } from '../pre-tokenizers/pre-tokenizer.js';
import type { Split } from '../split.js';
import type { Model, TokenSink } from './model.js';

const K_UNK_PENALTY = 10;

/**
 * Unigram language-model tokenizer (SentencePiece / HF `models.Unigram`): the segmentation that
 * maximises the sum of piece log-probabilities, found by Viterbi over character positions.
 * Characters no piece covers cost `minScore - 10` as unk, and consecutive unks fuse (HF).
 */
export class Unigram implements Model {
  readonly type = 'Unigram';
  readonly supportsByteLevel = false;
  readonly vocab: Array<[string, number]>;
  readonly unkId: number | null;
  readonly byteFallback: boolean;
  private readonly ids = new Map<string, number>();
  private readonly maxLen: number;
  private readonly minScore: number;

  constructor(vocab: Array<[string, number]>, unkId: number | null = null, byteFallback = false) {
    this.vocab = vocab.map(([p, s], i) => {
      if (typeof p !== 'string' || typeof s !== 'number' || !Number.isFinite(s)) {
        throw new RangeError(`model Unigram: vocab[${i}] expected [string, finite number], got ${JSON.stringify([p, s])}`);
      }
      return [p, s];
    });
    if (unkId !== null && (unkId < 0 || unkId >= vocab.length)) {
      throw new RangeError(`model Unigram: unk_id expected an index below ${vocab.length}, got ${unkId}`);
    }
    this.unkId = unkId;
    this.byteFallback = byteFallback;
    let maxLen = 0;
    let minScore = Infinity;
    this.vocab.forEach(([p, s], i) => {
      if (!this.ids.has(p)) this.ids.set(p, i);
      if (p.length > maxLen) maxLen = p.length;
      if (s < minScore) minScore = s;
    });
    this.maxLen = maxLen;
    this.minScore = minScore;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.vocab[id]?.[0];
  }
  getVocabSize(): number {
    return this.vocab.length;
  }
  getVocab(): Map<string, number> {
    return new Map(this.ids);
  }

  /** Best segmentation of `text` as `[start, end)` ranges (unk runs fused). */
  encodeRanges(text: string): Array<[number, number, number]> {
    const n = text.length;
    const score = new Float64Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const tok = new Int32Array(n + 1).fill(-1);
    from[0] = 0;
    const unkScore = this.minScore - K_UNK_PENALTY;
    let i = 0;
    while (i < n) {
      const here = score[i]!;
      const mb = (text.charCodeAt(i) & 0xfc00) === 0xd800 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      let single = false;
      const lim = Math.min(n, i + this.maxLen);
      for (let e = i + 1; e <= lim; e++) {
        const id = this.ids.get(text.slice(i, e));
        if (id === undefined) continue;
        const cand = here + this.vocab[id]![1];
        if (from[e] === -1 || cand > score[e]!) {
          score[e] = cand;
          from[e] = i;
          tok[e] = id;
        }
        if (e - i === mb) single = true;
      }
      if (!single) {
        const e = i + mb;
        const cand = here + unkScore;
        if (from[e] === -1 || cand > score[e]!) {
          score[e] = cand;
          from[e] = i;
          tok[e] = -2;
        }
      }
      i += mb;
    }
    const rev: Array<[number, number, number]> = [];
    let e = n;
    while (e > 0) {
      const s = from[e]!;
      const t = tok[e]!;
      const last = rev[rev.length - 1];
      if (t === -2 && last !== undefined && last[2] === -2) last[0] = s;
      else rev.push([s, e, t]);
      e = s;
    }
    return rev.reverse();
  }

  tokenize(split: Split, out: TokenSink): void {
    const text = resolved(split).text;
    if (text.length === 0) return;
    for (const [a, b, t] of this.encodeRanges(text)) {
      if (t >= 0) {
        out.push(t, a, b);
        continue;
      }
      if (this.byteFallback) {
        const bytes = new TextEncoder().encode(text.slice(a, b));
        const fb: number[] = [];
        for (const by of bytes) {
          const id = this.ids.get(`<0x${by.toString(16).toUpperCase().padStart(2, '0')}>`);
          if (id === undefined) break;
          fb.push(id);
        }
        if (fb.length === bytes.length) {
          for (const id of fb) out.push(id, a, b);
          continue;
        }
      }
      if (this.unkId === null) throw new RangeError(`model Unigram: text ${JSON.stringify(text.slice(a, b))} needs an unk token but unk_id is null`);
      out.push(this.unkId, a, b);
    }
  }

  toJSON(): Record<string, unknown> {
    return { type: 'Unigram', unk_id: this.unkId, vocab: this.vocab.map(([p, s]) => [p, s]), byte_fallback: this.byteFallback };
  }
}
