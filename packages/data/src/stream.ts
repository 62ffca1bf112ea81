import type { Generator } from '@seqlab/core';
import { DataFormatError } from './errors.js';
import { keepPair, type ParsePairsOptions, type SentencePair } from './pairs.js';
import { normalizeTutorial } from './normalize.js';
import { toGenerator } from './split.js';
import { batchify, lmBatches, type LmBatch } from './lm.js';

/** Anything iterable, synchronously or not. */
export type AnyIterable<T> = AsyncIterable<T> | Iterable<T>;

/**
 * Lines from a stream of chunks (strings, or UTF-8 bytes split anywhere, even inside a
 * character), produced lazily: a corpus larger than memory is read chunk by chunk. Invalid UTF-8
 * throws a {@link DataFormatError} naming the line. A final line break does not yield an empty line.
 */
export async function* streamLines(chunks: AnyIterable<string | Uint8Array>, opts: { file?: string } = {}): AsyncGenerator<string> {
  const file = opts.file ?? '<input>';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let line = 1;
  let first = true;
  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      // The bad bytes are in the current (unfinished) line or the lines this chunk completes.
      throw new DataFormatError(file, line + countBreaks(rest), 'invalid UTF-8');
    }
  };
  const lines = function* (text: string, final: boolean): Iterable<string> {
    rest += text;
    if (first && rest.startsWith('\uFEFF')) rest = rest.slice(1);
    if (rest !== '') first = false;
    const parts = rest.split(/\r\n|\n|\r(?!$)/);
    rest = final ? '' : parts.pop()!;
    if (final && parts.length && parts[parts.length - 1] === '') parts.pop();
    for (const p of parts) {
      line++;
      yield p.endsWith('\r') && final ? p.slice(0, -1) : p;
    }
  };
  for await (const chunk of chunks) {
    yield* lines(typeof chunk === 'string' ? chunk : decode(chunk), false);
  }
  yield* lines(decode(undefined), true);
}

function countBreaks(s: string): number {
  return (s.match(/\n/g) ?? []).length;
}

/** {@link parsePairs} over a stream of lines, lazily (same filters and errors). */
export async function* streamPairs(lines: AnyIterable<string>, opts: ParsePairsOptions = {}): AsyncGenerator<SentencePair> {
  const file = opts.file ?? '<input>';
  const norm = opts.normalize === true ? (t: string) => normalizeTutorial(t) : opts.normalize || null;
  let n = 0;
  let any = false;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    any = true;
    const cols = line.split('\t');
    if (cols.length < 2) throw new DataFormatError(file, n, `expected at least 2 tab-separated columns (source, target), got ${cols.length}`);
    let [src, tgt] = opts.reverse ? [cols[1]!, cols[0]!] : [cols[0]!, cols[1]!];
    if (src.trim() === '' || tgt.trim() === '') throw new DataFormatError(file, n, 'empty source or target');
    if (norm) {
      src = norm(src, 'source');
      tgt = norm(tgt, 'target');
    }
    if (keepPair(src, tgt, opts)) yield [src, tgt];
  }
  if (!any) throw new DataFormatError(file, 0, 'file is empty');
}

/** Options of {@link streamBatches}. */
export interface StreamBatchOptions<T> {
  /** Items per batch. */
  batchSize: number;
  /**
   * With `lengthOf`, read this many batches ahead (default 50), sort them by length and emit
   * them in seeded random order: length bucketing with bounded memory.
   */
  bucketBatches?: number;
  /** Length of an item, enabling bucketing. */
  lengthOf?: (item: T) => number;
  /** Seed or {@link Generator} for the batch order inside a bucket (default 0). */
  seed?: number | string | Generator;
  /** Drop a final short batch (default false). */
  dropLast?: boolean;
}

/**
 * Groups a stream into batches lazily: at most `batchSize` items (or one bucket of
 * `bucketBatches · batchSize` items when bucketing) are held at a time, so the source can be
 * larger than memory. Deterministic for a seed.
 */
export async function* streamBatches<T>(items: AnyIterable<T>, opts: StreamBatchOptions<T>): AsyncGenerator<T[]> {
  const { batchSize, lengthOf } = opts;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`streamBatches: batchSize must be a positive integer, got ${batchSize}`);
  const k = lengthOf ? (opts.bucketBatches ?? 50) : 1;
  if (!(Number.isInteger(k) && k > 0)) throw new RangeError(`streamBatches: bucketBatches must be a positive integer, got ${k}`);
  const rng = lengthOf ? toGenerator(opts.seed) : null;
  let buffer: T[] = [];
  const flush = function* (final: boolean): Iterable<T[]> {
    let bucket = buffer;
    buffer = [];
    if (lengthOf) {
      const keyed = bucket.map((item, i) => ({ item, i, len: lengthOf(item) }));
      keyed.sort((a, b) => a.len - b.len || a.i - b.i);
      bucket = keyed.map((x) => x.item);
    }
    const batches: T[][] = [];
    for (let i = 0; i < bucket.length; i += batchSize) batches.push(bucket.slice(i, i + batchSize));
    if (final && opts.dropLast && batches.length && batches[batches.length - 1]!.length < batchSize) {
      // With bucketing the short batch is whichever holds the tail of the sort: drop it.
      batches.pop();
    }
    const order = rng ? rng.permutation(batches.length) : batches.map((_, i) => i);
    for (const i of order) yield batches[i]!;
  };
  for await (const item of items) {
    buffer.push(item);
    if (buffer.length === k * batchSize) yield* flush(false);
  }
  if (buffer.length) yield* flush(true);
}

/** Options of {@link streamLmBatches}. */
export interface StreamLmOptions {
  /** Columns (independent streams), the tutorial's `batch_size`. */
  bsz: number;
  /** Window length, the tutorial's `bptt`. */
  bptt: number;
  /**
   * Tokens read per chunk (default 1,048,576). Each chunk is laid out by `batchify` and cut into
   * `getBatch` windows; tokens that do not fill a column move on to the next chunk, so only the
   * corpus' final remainder is dropped (as `batchify` drops it). A corpus that fits in one chunk
   * gives exactly `lmBatches(batchify(tokens, bsz), bptt)`.
   */
  chunkTokens?: number;
}

/**
 * Language-model batches from a token stream larger than memory: {@link batchify} +
 * {@link lmBatches} chunk by chunk, holding at most one chunk. Hidden state carried across
 * windows stays meaningful within a chunk; at a chunk boundary each column jumps to a new
 * stretch of text (detach / reset state there if that matters).
 */
export async function* streamLmBatches(tokens: AnyIterable<number>, opts: StreamLmOptions): AsyncGenerator<LmBatch & { i: number; chunk: number }> {
  const { bsz, bptt } = opts;
  const chunkTokens = opts.chunkTokens ?? 1 << 20;
  if (!(Number.isInteger(bsz) && bsz > 0)) throw new RangeError(`streamLmBatches: bsz must be a positive integer, got ${bsz}`);
  if (!(Number.isInteger(bptt) && bptt > 0)) throw new RangeError(`streamLmBatches: bptt must be a positive integer, got ${bptt}`);
  if (!(Number.isInteger(chunkTokens) && chunkTokens >= 2 * bsz)) {
    throw new RangeError(`streamLmBatches: chunkTokens must be an integer >= 2·bsz (${2 * bsz}), got ${chunkTokens}`);
  }
  let buf = new Int32Array(chunkTokens);
  let n = 0;
  let chunk = 0;
  const emit = function* (len: number): Iterable<LmBatch & { i: number; chunk: number }> {
    const used = Math.floor(len / bsz) * bsz;
    if (used / bsz >= 2) for (const b of lmBatches(batchify(buf.subarray(0, used), bsz), bptt)) yield { ...b, chunk };
    chunk++;
    // Carry the remainder (fewer than bsz tokens) into the next chunk.
    const rest = buf.slice(used, len);
    buf = new Int32Array(chunkTokens);
    buf.set(rest);
    n = rest.length;
  };
  for await (const t of tokens) {
    buf[n++] = t;
    if (n === chunkTokens) yield* emit(n);
  }
  if (n > 0) yield* emit(n);
}
