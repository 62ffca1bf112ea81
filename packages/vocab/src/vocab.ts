
import { Counter } from './counter.js';
import { VocabError } from './errors.js';

/** The conventional special tokens, for convenience: `specials: [SPECIALS.pad, SPECIALS.unk]`. */
export const SPECIALS = Object.freeze({
  pad: '<pad>',
  sos: '<sos>',
  bos: '<bos>',
  eos: '<eos>',
  unk: '<unk>',
  mask: '<mask>',
});

/** Options of the {@link Vocab} constructor. */
export interface VocabOptions {
  /**
   * Which tokens are special (they must be among the tokens). Used by `decode(ids, { skipSpecials })`
   * and {@link Vocab.isSpecial}.
   */
  specials?: readonly string[];
  /**
   * Token that unknown tokens encode to. Default: `'<unk>'` when it is in the vocabulary, else none
   * (then encoding an unknown token throws). `null` disables it explicitly.
   */
  unkToken?: string | null;
}

/** Options of {@link Vocab.build}. */
export interface BuildOptions {
  /** Special tokens, in order; they get the first ids (or the last, see `specialsFirst`). Default none. */
  specials?: readonly string[];
  /** Put the specials before the counted tokens (default true), as torchtext's `special_first`. */
  specialsFirst?: boolean;
  /** Keep tokens counted at least this often (default 1), as torchtext's `min_freq`. */
  minFreq?: number;
  /**
   * Largest vocabulary size, specials included (as torchtext's `max_tokens`). Default: no limit.
   * The most frequent tokens are kept, in the order documented on {@link Vocab.build}.
   */
  maxSize?: number;
  /** See {@link VocabOptions.unkToken}. */
  unkToken?: string | null;
}

/** Options of {@link Vocab.decode}. */
export interface DecodeOptions {
  /** Leave special tokens out of the result (default false). */
  skipSpecials?: boolean;
}

/** The JSON form written by {@link Vocab.toJSON} and read by {@link Vocab.fromJSON}. */
export interface VocabJSON {
  /** Format version (1). */
  version: 1;
  /** Tokens in id order: `tokens[id]`. */
  tokens: string[];
  /** The special tokens (a subset of `tokens`). */
  specials: string[];
  /** The token unknown tokens encode to, or null. */
  unkToken: string | null;
}

/**
 * A token <-> id mapping. Ids are `0 .. size - 1`, given in the order of the token list.
 *
 * @example
 * ```ts
 * const v = Vocab.build(Counter.fromCounts({ the: 5, cat: 2, sat: 2, on: 1 }), {
 *   specials: ['<pad>', '<sos>', '<eos>', '<unk>'],
 *   minFreq: 2,
 * });
 * v.tokens;                      // ['<pad>', '<sos>', '<eos>', '<unk>', 'the', 'cat', 'sat']
 * v.encode(['the', 'dog']);      // [4, 3]  ('dog' -> '<unk>')
 * v.decode([4, 5]);              // ['the', 'cat']
 * ```
 */
export class Vocab {
  readonly #tokens: readonly string[];
  readonly #ids: Map<string, number>;
  readonly #specials: ReadonlySet<string>;
  readonly #specialList: readonly string[];
  readonly #unkToken: string | null;
  readonly #unkId: number | undefined;

  /**
   * A vocabulary of `tokens` in id order.
   *
   * @throws {@link VocabError} for a non-string or duplicate token (naming both ids), a special or
   * `unkToken` that is not among the tokens.
   */
  constructor(tokens: Iterable<string>, options: VocabOptions = {}) {
    if (tokens === null || typeof tokens !== 'object' || typeof (tokens as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new VocabError(`Vocab: tokens must be an iterable of strings, got ${describe(tokens)}`);
    }
    const list = [...tokens];
    const ids = new Map<string, number>();
    list.forEach((t, id) => {
      if (typeof t !== 'string') throw new VocabError(`Vocab: token ${id} must be a string, got ${describe(t)}`);
      const prev = ids.get(t);
      if (prev !== undefined) throw new VocabError(`Vocab: duplicate token ${JSON.stringify(t)} at ids ${prev} and ${id}`);
      ids.set(t, id);
    });
    const specials = options.specials ?? [];
    if (!Array.isArray(specials)) throw new VocabError(`Vocab: specials must be an array of strings, got ${describe(specials)}`);
    for (const s of specials) {
      if (!ids.has(s)) throw new VocabError(`Vocab: special token ${JSON.stringify(s)} is not in the vocabulary`);
    }
    let unk = options.unkToken;
    if (unk === undefined) unk = ids.has(SPECIALS.unk) ? SPECIALS.unk : null;
    if (unk !== null) {
      if (typeof unk !== 'string') throw new VocabError(`Vocab: unkToken must be a string or null, got ${describe(unk)}`);
      if (!ids.has(unk)) throw new VocabError(`Vocab: unkToken ${JSON.stringify(unk)} is not in the vocabulary`);
    }
    this.#tokens = Object.freeze(list);
    this.#ids = ids;
    this.#specialList = Object.freeze([...new Set(specials)]);
    this.#specials = new Set(specials);
    this.#unkToken = unk;
    this.#unkId = unk === null ? undefined : ids.get(unk);
  }

  /**
   * Builds a vocabulary from token counts, with torchtext's `build_vocab_from_iterator` order:
   * specials first (in the given order; last with `specialsFirst: false`), then the counted tokens
   * by count descending, ties broken by token in Unicode code point order ascending (Python's
   * string order; NOT JavaScript's UTF-16 order). Tokens counted fewer than `minFreq` times are
   * dropped, then the list is cut to `maxSize` (specials included).
   *
   * One deliberate difference from torchtext: special tokens that also occur in the counts are
   * removed from the counts BEFORE the cut, so they never take the place of a normal token
   * (torchtext cuts first, which can leave the vocabulary one token short per such special).
   *
   * @throws {@link VocabError} for a bad option (named, with the value) or duplicate specials.
   */
  static build(
    counts: Counter | Iterable<readonly [string, number]> | Record<string, number>,
    options: BuildOptions = {},
  ): Vocab {
    const specials = options.specials ?? [];
    if (!Array.isArray(specials) || specials.some((s) => typeof s !== 'string')) {
      throw new VocabError(`Vocab.build: specials must be an array of strings, got ${describe(specials)}`);
    }
    const seen = new Set<string>();
    for (const s of specials) {
      if (seen.has(s)) throw new VocabError(`Vocab.build: special token ${JSON.stringify(s)} is listed twice`);
      seen.add(s);
    }
    const minFreq = options.minFreq ?? 1;
    if (!Number.isSafeInteger(minFreq) || minFreq < 1) {
      throw new VocabError(`Vocab.build: minFreq must be an integer >= 1, got ${String(minFreq)}`);
    }
    const maxSize = options.maxSize;
    if (maxSize !== undefined && (!Number.isSafeInteger(maxSize) || maxSize < specials.length)) {
      throw new VocabError(
        `Vocab.build: maxSize must be an integer >= the number of specials (${specials.length}), got ${String(maxSize)}`,
      );
    }
    const counter = counts instanceof Counter ? counts : Counter.fromCounts(counts);
    const ordered = counter
      .mostCommon()
      .filter(([t, n]) => n >= minFreq && !seen.has(t))
      .map(([t]) => t);
    const room = maxSize === undefined ? ordered.length : maxSize - specials.length;
    const kept = ordered.slice(0, room);
    const tokens = options.specialsFirst === false ? [...kept, ...specials] : [...specials, ...kept];
    return new Vocab(tokens, { specials, unkToken: options.unkToken });
  }

  /** {@link Vocab.build} from token sequences (e.g. tokenised lines) counted on the fly. */
  static fromSequences(sequences: Iterable<Iterable<string>>, options: BuildOptions = {}): Vocab {
    return Vocab.build(new Counter().updateAll(sequences), options);
  }

  /** {@link Vocab.build} from an async stream of token sequences (a corpus larger than memory). */
  static async fromAsyncSequences(
    sequences: AsyncIterable<Iterable<string>> | Iterable<Iterable<string>>,
    options: BuildOptions = {},
  ): Promise<Vocab> {
    return Vocab.build(await Counter.fromAsync(sequences), options);
  }

  /** Number of tokens. */
  get size(): number {
    return this.#tokens.length;
  }

  /** Tokens in id order (frozen). */
  get tokens(): readonly string[] {
    return this.#tokens;
  }

  /** Special tokens (frozen), in the order given. */
  get specials(): readonly string[] {
    return this.#specialList;
  }

  /** The token unknown tokens encode to, or null. */
  get unkToken(): string | null {
    return this.#unkToken;
  }

  /** Id of {@link Vocab.unkToken}, or undefined. */
  get unkId(): number | undefined {
    return this.#unkId;
  }

  /** Whether `token` is in the vocabulary. */
  has(token: string): boolean {
    return this.#ids.has(token);
  }

  /** Whether `token` is one of the special tokens. */
  isSpecial(token: string): boolean {
    return this.#specials.has(token);
  }

  /** Id of `token`, or undefined when it is not in the vocabulary (no `<unk>` fallback). */
  get(token: string): number | undefined {
    return this.#ids.get(token);
  }

  /**
   * Id of `token`; an unknown token gives the `<unk>` id when there is one.
   *
   * @throws {@link VocabError} naming the token when it is unknown and there is no unk token.
   */
  idOf(token: string): number {
    const id = this.#ids.get(token);
    if (id !== undefined) return id;
    if (this.#unkId !== undefined) return this.#unkId;
    throw new VocabError(`Vocab: unknown token ${JSON.stringify(token)} and no unk token is set`);
  }

  /**
   * Token of `id`.
   *
   * @throws {@link VocabError} naming the id unless it is an integer in `[0, size)`.
   */
  tokenOf(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.#tokens.length) {
      throw new VocabError(`Vocab: id ${String(id)} is out of range: ids are integers in [0, ${this.#tokens.length})`);
    }
    return this.#tokens[id]!;
  }

  /** Ids of `tokens`, unknown ones mapped as {@link Vocab.idOf} does. */
  encode(tokens: Iterable<string>): number[] {
    if (typeof tokens === 'string') {
      throw new VocabError(`Vocab.encode: tokens must be an iterable of tokens, not one string (${JSON.stringify(tokens)})`);
    }
    const out: number[] = [];
    for (const t of tokens) out.push(this.idOf(t));
    return out;
  }

  /** Tokens of `ids` (an array, typed array or iterable); out-of-range ids throw naming the id. */
  decode(ids: Iterable<number> | ArrayLike<number>, options: DecodeOptions = {}): string[] {
    const it: Iterable<number> = Symbol.iterator in Object(ids) ? (ids as Iterable<number>) : Array.from(ids as ArrayLike<number>);
    const out: string[] = [];
    for (const raw of it) {
      const id = typeof raw === 'bigint' ? Number(raw) : raw;
      const t = this.tokenOf(id);
      if (options.skipSpecials && this.#specials.has(t)) continue;
      out.push(t);
    }
    return out;
  }

  /** The JSON form (see {@link VocabJSON}); `JSON.stringify(vocab)` uses it. */
  toJSON(): VocabJSON {
    return { version: 1, tokens: [...this.#tokens], specials: [...this.#specialList], unkToken: this.#unkToken };
  }

  /**
   * Reads {@link Vocab.toJSON}'s form (an object, or its JSON text).
   *
   * @throws {@link VocabError} naming the missing or wrong field, a duplicate token and its ids, or
   * a special / unk token that is not among the tokens.
   */
  static fromJSON(json: unknown): Vocab {
    let data = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (e) {
        throw new VocabError(`Vocab.fromJSON: not valid JSON (${(e as Error).message})`);
      }
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new VocabError(`Vocab.fromJSON: expected an object, got ${describe(data)}`);
    }
    const o = data as Record<string, unknown>;
    if (o['version'] !== 1) throw new VocabError(`Vocab.fromJSON: field "version" must be 1, got ${describe(o['version'])}`);
    const tokens = o['tokens'];
    if (!Array.isArray(tokens)) throw new VocabError(`Vocab.fromJSON: field "tokens" must be an array of strings, got ${describe(tokens)}`);
    tokens.forEach((t, i) => {
      if (typeof t !== 'string') throw new VocabError(`Vocab.fromJSON: field "tokens"[${i}] must be a string, got ${describe(t)}`);
    });
    const specials = o['specials'] ?? [];
    if (!Array.isArray(specials) || specials.some((s) => typeof s !== 'string')) {
      throw new VocabError(`Vocab.fromJSON: field "specials" must be an array of strings, got ${describe(specials)}`);
    }
    if (!('unkToken' in o)) throw new VocabError('Vocab.fromJSON: field "unkToken" is missing (use null for none)');
    const unk = o['unkToken'];
    if (unk !== null && typeof unk !== 'string') {
      throw new VocabError(`Vocab.fromJSON: field "unkToken" must be a string or null, got ${describe(unk)}`);
    }
    try {
      return new Vocab(tokens as string[], { specials: specials as string[], unkToken: unk });
    } catch (e) {
      throw new VocabError(`Vocab.fromJSON: ${(e as Error).message.replace(/^Vocab: /, '')}`);
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
