import type { Split } from '../split.js';

/**
 * Growable output of a model: one `(id, start, end)` per token, offsets in UTF-16 units of the
 * split the model was given. Typed arrays reset by a counter keep the hot loop allocation-free.
 */
export class TokenSink {
  ids: Int32Array = new Int32Array(1024);
  starts: Int32Array = new Int32Array(1024);
  ends: Int32Array = new Int32Array(1024);
  /** Number of tokens held. */
  length = 0;
  push(id: number, start: number, end: number): void {
    const n = this.length;
    if (n === this.ids.length) this.grow(n + 1);
    this.ids[n] = id;
    this.starts[n] = start;
    this.ends[n] = end;
    this.length = n + 1;
  }
  /** Makes room for at least `need` tokens. */
  grow(need: number): void {
    let cap = this.ids.length;
    if (cap >= need) return;
    while (cap < need) cap *= 2;
    const g = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.ids = g(this.ids);
    this.starts = g(this.starts);
    this.ends = g(this.ends);
  }
}

/** A tokenization model (BPE, WordPiece, WordLevel, Unigram): one word in, tokens out. */
export interface Model {
  /** HF component type (`BPE`, `WordPiece`, `WordLevel`, `Unigram`). */
  readonly type: string;
  /**
   * Tokenizes one pre-tokenized piece, pushing tokens with offsets relative to the piece. A model
   * that can handle deferred byte-level pieces itself (`supportsByteLevel`) gets them unmapped;
   * others get the mapped text.
   */
  tokenize(split: Split, out: TokenSink): void;
  /** True when `tokenize` accepts `Split.byteLevel` pieces without materialisation. */
  readonly supportsByteLevel: boolean;
  /** Id of a token, or undefined. */
  tokenToId(token: string): number | undefined;
  /** Token of an id, or undefined. */
  idToToken(id: number): string | undefined;
  /** Number of ids (max id + 1). */
  getVocabSize(): number;
  /** token -> id. */
  getVocab(): Map<string, number>;
  /** The HF tokenizer.json object for this model. */
  toJSON(): Record<string, unknown>;
}

/** Builds the id -> token array of a vocabulary, rejecting holes and duplicate ids. */
export function invertVocab(component: string, vocab: Map<string, number>): string[] {
  const inv: string[] = [];
  for (const [tok, id] of vocab) {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`${component}: vocab id of ${JSON.stringify(tok)} must be a non-negative integer, got ${id}`);
    if (inv[id] !== undefined) throw new RangeError(`${component}: vocab id ${id} is used by both ${JSON.stringify(inv[id])} and ${JSON.stringify(tok)}`);
    inv[id] = tok;
  }
  return inv;
}

/**
 * The token <-> id lookups of the models whose vocabulary is a `{token: id}` map (BPE,
 * WordPiece, WordLevel): the vocabulary is checked once, and the inverse table built once.
 */
export abstract class MapVocabModel {
  readonly vocab: Map<string, number>;
  protected readonly inv: string[];

  constructor(component: string, vocab: Record<string, number> | Map<string, number>) {
    this.vocab = vocabFrom(component, vocab);
    this.inv = invertVocab(component, this.vocab);
  }
  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.inv[id];
  }
  getVocabSize(): number {
    return this.inv.length;
  }
  getVocab(): Map<string, number> {
    return new Map(this.vocab);
  }
}

/** Reads a `{token: id}` JSON object (or a Map) into a Map, checking every id. */
export function vocabFrom(component: string, v: Record<string, number> | Map<string, number>): Map<string, number> {
  const m = v instanceof Map ? new Map(v) : new Map(Object.entries(v));
  for (const [t, id] of m) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new RangeError(`${component}: vocab["${t}"] expected a non-negative integer id, got ${String(id)}`);
    }
  }
  return m;
}

/** A vocab Map as a JSON object sorted by id (HF writes vocabularies in id order). */
export function vocabToJSON(vocab: Map<string, number>): Record<string, number> {
  const entries = [...vocab].sort((a, b) => a[1] - b[1]);
  const o: Record<string, number> = {};
  for (const [t, id] of entries) o[t] = id;
  return o;
}
