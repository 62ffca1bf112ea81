import { VocabError } from './errors.js';
import { compareCodePoints } from './compare.js';

/**
 * Counts tokens, like Python's `collections.Counter`. Feed it single tokens, arrays of tokens, or
 * (async) iterables of token arrays, such as a stream of tokenised lines.
 *
 * @example
 * ```ts
 * const c = new Counter();
 * c.update(['a', 'b', 'a']);
 * c.get('a'); // 2
 * ```
 */
export class Counter {
  readonly #counts = new Map<string, number>();
  #total = 0;

  /** Optionally starts from `tokens` (counted once each). */
  constructor(tokens?: Iterable<string>) {
    if (tokens !== undefined) this.update(tokens);
  }

  /**
   * Adds `count` (default 1) occurrences of `token`.
   *
   * @throws {@link VocabError} if `token` is not a string or `count` is not a non-negative integer.
   */
  add(token: string, count = 1): this {
    if (typeof token !== 'string') throw new VocabError(`Counter.add: token must be a string, got ${describe(token)}`);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new VocabError(`Counter.add: count must be a non-negative integer, got ${String(count)} for token ${JSON.stringify(token)}`);
    }
    if (count === 0) return this;
    this.#counts.set(token, (this.#counts.get(token) ?? 0) + count);
    this.#total += count;
    return this;
  }

  /** Counts every token of `tokens` once. */
  update(tokens: Iterable<string>): this {
    if (typeof tokens === 'string' || tokens === null || typeof (tokens as Iterable<string>)?.[Symbol.iterator] !== 'function') {
      throw new VocabError(`Counter.update: tokens must be an iterable of strings (not a string), got ${describe(tokens)}`);
    }
    for (const t of tokens) this.add(t);
    return this;
  }

  /** Counts every token of every sequence (e.g. tokenised lines). */
  updateAll(sequences: Iterable<Iterable<string>>): this {
    for (const s of sequences) this.update(s);
    return this;
  }

  /** Counts every token of every sequence of an async stream (e.g. lines read from a file). */
  async updateAsync(sequences: AsyncIterable<Iterable<string>> | Iterable<Iterable<string>>): Promise<this> {
    for await (const s of sequences) this.update(s);
    return this;
  }

  /** Builds a counter from an (async) iterable of token sequences. */
  static async fromAsync(sequences: AsyncIterable<Iterable<string>> | Iterable<Iterable<string>>): Promise<Counter> {
    return new Counter().updateAsync(sequences);
  }

  /** Builds a counter from `[token, count]` pairs or a `Map` / record of counts. */
  static fromCounts(counts: Iterable<readonly [string, number]> | Record<string, number>): Counter {
    const c = new Counter();
    const entries = Symbol.iterator in Object(counts) ? (counts as Iterable<readonly [string, number]>) : Object.entries(counts);
    for (const [t, n] of entries) c.add(t, n);
    return c;
  }

  /** Count of `token` (0 if never seen). */
  get(token: string): number {
    return this.#counts.get(token) ?? 0;
  }

  /** Whether `token` was counted. */
  has(token: string): boolean {
    return this.#counts.has(token);
  }

  /** Number of distinct tokens. */
  get size(): number {
    return this.#counts.size;
  }

  /** Sum of all counts. */
  get total(): number {
    return this.#total;
  }

  /** `[token, count]` pairs in first-seen order. */
  entries(): IterableIterator<[string, number]> {
    return this.#counts.entries();
  }

  /**
   * `[token, count]` pairs by count descending, ties by token in code point order ascending
   * (the order torchtext's `build_vocab_from_iterator` uses); the first `n` if given.
   */
  mostCommon(n?: number): [string, number][] {
    const all = [...this.#counts.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
    return n === undefined ? all : all.slice(0, Math.max(0, n));
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  return typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : `${typeof v} ${String(v)}`;
}
