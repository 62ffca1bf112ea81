import { BYTE_TO_CHAR } from '../utils/bytes-to-unicode.js';
import { SeededRng } from '../utils/rng.js';
import { utf8WithUnits } from '../utils/utf8.js';
import type { Split } from '../split.js';
import { mergeWord } from './bpe-merge.js';
import { MapVocabModel, vocabToJSON, type Model, type TokenSink } from './model.js';
import { PairTable } from './pair-table.js';
import { WordCache } from './word-cache.js';

/** Options of the {@link BPE} model (HF `models.BPE`). */
export interface BPEOptions {
  /** Token for unknown symbols; without it unknown symbols are dropped (HF semantics). */
  unkToken?: string | null;
  /** Prefix of every symbol that does not start a word (e.g. `##`). */
  continuingSubwordPrefix?: string | null;
  /** Suffix of the last symbol of a word (e.g. `</w>`). */
  endOfWordSuffix?: string | null;
  /** Merge consecutive unknown symbols into one unk token. */
  fuseUnk?: boolean;
  /** Encode unknown characters as `<0xXX>` byte tokens when those are in the vocab. */
  byteFallback?: boolean;
  /** Probability of skipping each merge (BPE-dropout); 0 or null disables it. */
  dropout?: number | null;
  /** Seed of the dropout RNG (reproducible runs). */
  seed?: number;
  /** Return a word as one token when it is in the vocab, without merging (HF `ignore_merges`). */
  ignoreMerges?: boolean;
  /** Maximum number of cached words (HF default 10,000; 0 disables the cache). */
  cacheCapacity?: number;
}

/** A merge rule as two token strings. */
export type Merge = [string, string];

const DEFAULT_CACHE = 100_000;

/**
 * Byte-pair-encoding model with HF's semantics: the merge list gives ranks; each word starts as
 * characters (or, for byte-level pieces, byte characters), looked up with the continuing prefix
 * / end-of-word suffix, unknowns go to byte fallback or unk, then merges apply lowest rank
 * first. Results per distinct word are cached.
 */
export class BPE extends MapVocabModel implements Model {
  readonly type = 'BPE';
  readonly supportsByteLevel = true;
  readonly merges: Merge[];
  readonly unkToken: string | null;
  readonly continuingSubwordPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly fuseUnk: boolean;
  readonly byteFallback: boolean;
  readonly dropout: number | null;
  readonly ignoreMerges: boolean;
  private readonly pairs: PairTable;
  private readonly mergeIds: Int32Array;
  private readonly byteIds: Int32Array;
  private readonly unkId: number;
  private readonly cache: WordCache;
  private readonly cacheCapacity: number;
  private readonly rng: SeededRng;
  private ids = new Int32Array(64);
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  constructor(vocab: Record<string, number> | Map<string, number>, merges: Array<Merge | string>, options: BPEOptions = {}) {
    super('model BPE', vocab);
    this.unkToken = options.unkToken ?? null;
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? null;
    this.endOfWordSuffix = options.endOfWordSuffix ?? null;
    this.fuseUnk = options.fuseUnk ?? false;
    this.byteFallback = options.byteFallback ?? false;
    const d = options.dropout ?? null;
    if (d !== null && !(d >= 0 && d <= 1)) throw new RangeError(`model BPE: dropout expected a number in [0, 1], got ${d}`);
    this.dropout = d;
    this.ignoreMerges = options.ignoreMerges ?? false;
    this.cacheCapacity = options.cacheCapacity ?? DEFAULT_CACHE;
    this.cache = new WordCache(Math.max(1, this.cacheCapacity));
    this.rng = new SeededRng(options.seed ?? 42);
    this.unkId = this.unkToken === null ? -1 : (this.vocab.get(this.unkToken) ?? -2);
    this.merges = merges.map((m, i) => parseMerge(m, i));
    this.pairs = new PairTable(this.merges.length);
    this.mergeIds = new Int32Array(this.merges.length);
    const prefixLen = this.continuingSubwordPrefix?.length ?? 0;
    this.merges.forEach(([a, b], rank) => {
      const ia = this.vocab.get(a);
      const ib = this.vocab.get(b);
      if (ia === undefined) throw new RangeError(`model BPE: merges[${rank}] token ${JSON.stringify(a)} is not in the vocab`);
      if (ib === undefined) throw new RangeError(`model BPE: merges[${rank}] token ${JSON.stringify(b)} is not in the vocab`);
      const merged = a + (prefixLen > 0 && b.startsWith(this.continuingSubwordPrefix!) ? b.slice(prefixLen) : b);
      const im = this.vocab.get(merged);
      if (im === undefined) throw new RangeError(`model BPE: merges[${rank}] result ${JSON.stringify(merged)} is not in the vocab`);
      this.pairs.set(ia, ib, rank);
      this.mergeIds[rank] = im;
    });
    this.byteIds = new Int32Array(256);
    for (let b = 0; b < 256; b++) this.byteIds[b] = this.vocab.get(BYTE_TO_CHAR[b]!) ?? -1;
  }


  /** Drops all cached words (call after changing nothing; the model is immutable, so rarely needed). */
  clearCache(): void {
    this.cache.clear();
  }

  tokenize(split: Split, out: TokenSink): void {
    const text = split.text;
    if (text.length === 0 && split.prefixSpace === 0) return;
    const useCache = (this.dropout === null || this.dropout === 0) && this.cacheCapacity > 0 && split.prefixSpace === 0;
    const key = split.byteLevel ? text : `\u0000${text}`;
    if (useCache) {
      const hit = this.cache.get(key, 0, key.length);
      if (hit !== undefined) {
        copyHit(hit, out, 0);
        return;
      }
    }
    const n = split.byteLevel ? this.initialBytes(split) : this.initialChars(text);
    const m = n < 0 ? -n : mergeWord(this.ids, this.starts, this.ends, n, this.pairs, this.mergeIds, this.dropout ?? 0, this.rng);
    const res = new Int32Array(3 * m);
    for (let i = 0; i < m; i++) {
      res[3 * i] = this.ids[i]!;
      res[3 * i + 1] = this.starts[i]!;
      res[3 * i + 2] = this.ends[i]!;
      out.push(this.ids[i]!, this.starts[i]!, this.ends[i]!);
    }
    if (useCache) this.cache.set(key, res);
  }

  /**
   * Id of a one-byte byte-level word (an ASCII character alone), or -1 when the general path is
   * needed (prefix/suffix configured, or the byte is not in the vocab). A single symbol has no
   * merges, so this is exactly what `tokenize` would return.
   */
  singleByteId(byte: number): number {
    return this.continuingSubwordPrefix === null && this.endOfWordSuffix === null ? this.byteIds[byte]! : -1;
  }

  /**
   * Fast path for the Tokenizer: tokenizes the byte-level word `text[a, b)` with offsets shifted
   * by `base`, straight from/to the cache. Same result as `tokenize` on the equivalent split.
   */
  tokenizeByteLevelRange(text: string, a: number, b: number, base: number, out: TokenSink): void {
    if ((this.dropout === null || this.dropout === 0) && this.cacheCapacity > 0) {
      const hit = this.cache.get(text, a, b);
      if (hit !== undefined) {
        copyHit(hit, out, base + a);
        return;
      }
    }
    const word = a === 0 && b === text.length ? text : text.slice(a, b);
    const before = out.length;
    this.tokenize({ text: word, align: null, start: 0, byteLevel: true, prefixSpace: 0 }, out);
    const shift = base + a;
    for (let k = before; k < out.length; k++) {
      out.starts[k] = out.starts[k]! + shift;
      out.ends[k] = out.ends[k]! + shift;
    }
  }

  private ensure(n: number): void {
    if (this.ids.length >= n) return;
    let cap = this.ids.length;
    while (cap < n) cap *= 2;
    this.ids = new Int32Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  /**
   * Initial symbols of a byte-level piece: its UTF-8 bytes (after an optional added space), each
   * spanning the UTF-16 units of its source character. Returns the count, or minus the final
   * count when `ignore_merges` already produced the answer.
   */
  private initialBytes(split: Split): number {
    const bytes: number[] = [];
    const us: number[] = [];
    const ue: number[] = [];
    if (split.prefixSpace > 0) {
      bytes.push(0x20);
      us.push(0);
      ue.push(split.prefixSpace);
    }
    utf8WithUnits(split.text, 0, split.text.length, bytes, us, ue);
    const n = bytes.length;
    if (this.ignoreMerges) {
      let mapped = '';
      for (let i = 0; i < n; i++) mapped += BYTE_TO_CHAR[bytes[i]!]!;
      const id = this.vocab.get(mapped);
      if (id !== undefined) {
        this.ensure(1);
        this.ids[0] = id;
        this.starts[0] = us[0]!;
        this.ends[0] = ue[n - 1]!;
        return -1;
      }
    }
    if (this.continuingSubwordPrefix === null && this.endOfWordSuffix === null) {
      let ok = true;
      for (let i = 0; i < n; i++) if (this.byteIds[bytes[i]!]! < 0) ok = false;
      if (ok) {
        this.ensure(n);
        for (let i = 0; i < n; i++) {
          this.ids[i] = this.byteIds[bytes[i]!]!;
          this.starts[i] = us[i]!;
          this.ends[i] = ue[i]!;
        }
        return n;
      }
    }
    const chars: string[] = [];
    for (let i = 0; i < n; i++) chars.push(BYTE_TO_CHAR[bytes[i]!]!);
    return this.symbols(chars, us, ue);
  }

  private initialChars(text: string): number {
    if (this.ignoreMerges) {
      const id = this.vocab.get(text);
      if (id !== undefined) {
        this.ensure(1);
        this.ids[0] = id;
        this.starts[0] = 0;
        this.ends[0] = text.length;
        return -1;
      }
    }
    const chars: string[] = [];
    const us: number[] = [];
    const ue: number[] = [];
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      chars.push(text.slice(i, i + len));
      us.push(i);
      ue.push(i + len);
      i += len;
    }
    return this.symbols(chars, us, ue);
  }

  /** HF `merge_word`'s symbol lookup: prefix/suffix, byte fallback, unk (optionally fused). */
  private symbols(chars: string[], us: number[], ue: number[]): number {
    this.ensure(chars.length * 4 + 1);
    let n = 0;
    let unkStart = -1;
    let unkEnd = -1;
    const flushUnk = (): void => {
      if (unkStart >= 0) {
        this.ids[n] = this.unkId;
        this.starts[n] = unkStart;
        this.ends[n] = unkEnd;
        n++;
        unkStart = -1;
      }
    };
    for (let i = 0; i < chars.length; i++) {
      let s = chars[i]!;
      if (i > 0 && this.continuingSubwordPrefix !== null) s = this.continuingSubwordPrefix + s;
      if (i === chars.length - 1 && this.endOfWordSuffix !== null) s = s + this.endOfWordSuffix;
      const id = this.vocab.get(s);
      if (id !== undefined) {
        flushUnk();
        this.ids[n] = id;
        this.starts[n] = us[i]!;
        this.ends[n] = ue[i]!;
        n++;
        continue;
      }
      if (this.byteFallback) {
        const bs = new TextEncoder().encode(s);
        const fb: number[] = [];
        for (const b of bs) {
          const fid = this.vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
          if (fid === undefined) break;
          fb.push(fid);
        }
        if (fb.length === bs.length) {
          // HF flushes no pending unk here: byte-fallback tokens are pushed directly.
          this.ensure(n + fb.length + 2);
          for (const fid of fb) {
            this.ids[n] = fid;
            this.starts[n] = us[i]!;
            this.ends[n] = ue[i]!;
            n++;
          }
          continue;
        }
      }
      if (this.unkToken !== null) {
        if (this.unkId < 0) throw new RangeError(`model BPE: unk_token ${JSON.stringify(this.unkToken)} is not in the vocab`);
        if (unkStart >= 0 && this.fuseUnk) unkEnd = ue[i]!;
        else {
          flushUnk();
          unkStart = us[i]!;
          unkEnd = ue[i]!;
        }
      }
    }
    flushUnk();
    return n;
  }

  toJSON(): Record<string, unknown> {
    return {
      type: 'BPE',
      dropout: this.dropout,
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      end_of_word_suffix: this.endOfWordSuffix,
      fuse_unk: this.fuseUnk,
      byte_fallback: this.byteFallback,
      ignore_merges: this.ignoreMerges,
      vocab: vocabToJSON(this.vocab),
      // "a b" strings load in every HF version; pairs are needed only when a token has a space.
      merges: this.merges.some(([a, b]) => a.includes(' ') || b.includes(' ')) ? this.merges.map(([a, b]) => [a, b]) : this.merges.map(([a, b]) => `${a} ${b}`),
    };
  }

  /**
   * Loads GPT-2's original files: `encoder.json` (token -> id) and `vocab.bpe` (a `#version`
   * line, then one `a b` merge per line).
   */
  static fromGpt2Files(encoderJson: string | Record<string, number>, vocabBpe: string, options: BPEOptions = {}): BPE {
    const vocab = typeof encoderJson === 'string' ? (JSON.parse(encoderJson) as Record<string, number>) : encoderJson;
    const merges = parseMergesText(vocabBpe);
    return new BPE(vocab, merges, options);
  }
}

function copyHit(hit: Int32Array, out: TokenSink, shift: number): void {
  const m = hit.length / 3;
  const n = out.length;
  if (n + m > out.ids.length) out.grow(n + m);
  const ids = out.ids;
  const st = out.starts;
  const en = out.ends;
  for (let i = 0, k = 0; i < m; i++, k += 3) {
    ids[n + i] = hit[k]!;
    st[n + i] = hit[k + 1]! + shift;
    en[n + i] = hit[k + 2]! + shift;
  }
  out.length = n + m;
}

/** Parses a merges.txt / vocab.bpe body: `#version` lines and blank lines are skipped. */
export function parseMergesText(text: string): Merge[] {
  const out: Merge[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.length === 0 || line.startsWith('#version')) continue;
    const parts = line.split(' ');
    if (parts.length !== 2) throw new RangeError(`merges file: line ${i + 1} expected "a b", got ${JSON.stringify(line)}`);
    out.push([parts[0]!, parts[1]!]);
  }
  return out;
}

function parseMerge(m: Merge | string, i: number): Merge {
  if (typeof m === 'string') {
    const parts = m.split(' ');
    if (parts.length !== 2) throw new RangeError(`model BPE: merges[${i}] expected "a b", got ${JSON.stringify(m)}`);
    return [parts[0]!, parts[1]!];
  }
  if (!Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string') {
    throw new RangeError(`model BPE: merges[${i}] expected [string, string] or "a b", got ${JSON.stringify(m)}`);
  }
  return [m[0], m[1]];
}
