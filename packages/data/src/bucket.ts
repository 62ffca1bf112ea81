import type { Generator } from '@seqlab/core';
import { toGenerator } from './split.js';

/** Options of {@link bucketBatches}. */
export interface BucketOptions {
  /** Sequences per batch. */
  batchSize: number;
  /**
   * A bucket holds this many batches' worth of examples (default 50): examples are shuffled,
   * cut into buckets, sorted by length inside each bucket and cut into batches, so a batch holds
   * similar lengths (little padding) while the order stays random.
   */
  bucketBatches?: number;
  /** Seed or {@link Generator} of the shuffles (default 0). */
  seed?: number | string | Generator;
  /** Shuffle examples and batch order (default true). `false`: buckets in input order, batches in bucket order. */
  shuffle?: boolean;
  /** Drop a final batch smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

/**
 * Length bucketing: returns batches of example INDICES (into `lengths`). Deterministic for a
 * seed. Sorting within a bucket is stable (ties keep shuffled order), then the batch order is
 * shuffled so that batches of short and long sequences alternate.
 */
export function bucketBatches(lengths: readonly number[], opts: BucketOptions): number[][] {
  const { batchSize } = opts;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`bucketBatches: batchSize must be a positive integer, got ${batchSize}`);
  const k = opts.bucketBatches ?? 50;
  if (!(Number.isInteger(k) && k > 0)) throw new RangeError(`bucketBatches: bucketBatches must be a positive integer, got ${k}`);
  const shuffle = opts.shuffle ?? true;
  const rng = toGenerator(opts.seed);
  const order = shuffle ? rng.permutation(lengths.length) : [...lengths.keys()];
  const batches: number[][] = [];
  const bucketSize = k * batchSize;
  for (let start = 0; start < order.length; start += bucketSize) {
    const bucket = order.slice(start, start + bucketSize);
    bucket.sort((a, b) => lengths[a]! - lengths[b]!);
    for (let i = 0; i < bucket.length; i += batchSize) batches.push(bucket.slice(i, i + batchSize));
  }
  if (opts.dropLast) {
    // Only the very last chunk of the whole epoch can be short.
    const last = batches[batches.length - 1];
    if (last && last.length < batchSize) batches.pop();
  }
  if (!shuffle) return batches;
  const perm = rng.permutation(batches.length);
  return perm.map((i) => batches[i]!);
}

/** Fixed-size batches of indices in order (no bucketing), optionally shuffled with a seed. */
export function simpleBatches(n: number, batchSize: number, opts: { seed?: number | string | Generator; shuffle?: boolean; dropLast?: boolean } = {}): number[][] {
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`simpleBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = opts.shuffle ? toGenerator(opts.seed).permutation(n) : [...Array(n).keys()];
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  if (opts.dropLast && out.length && out[out.length - 1]!.length < batchSize) out.pop();
  return out;
}
