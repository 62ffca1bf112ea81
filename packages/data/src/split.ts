import { Generator } from '@seqlab/core';

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Fraction for training (default: whatever `valid` and `test` leave). */
  train?: number;
  /** Fraction for validation (default 0.1). */
  valid?: number;
  /** Fraction for testing (default 0.1). */
  test?: number;
  /** Seed of the shuffle (default 0), or a {@link Generator} to draw from. */
  seed?: number | string | Generator;
  /** Shuffle before splitting (default true); `false` splits in order. */
  shuffle?: boolean;
}

/** The three parts of a split. */
export interface Splits<T> {
  train: T[];
  valid: T[];
  test: T[];
}

/**
 * Splits `items` into train / valid / test by fractions, after a seeded shuffle (Fisher-Yates
 * with core's {@link Generator}): the same seed gives the same split on every platform. Sizes are
 * `round(n·valid)` and `round(n·test)`, training takes the rest. Fractions must be in [0, 1] and
 * sum to 1 (within 1e-9) when all three are given.
 */
export function splitDataset<T>(items: readonly T[], opts: SplitOptions = {}): Splits<T> {
  const valid = opts.valid ?? 0.1;
  const test = opts.test ?? 0.1;
  const train = opts.train ?? 1 - valid - test;
  for (const [name, f] of [['train', train], ['valid', valid], ['test', test]] as const) {
    if (!(f >= 0 && f <= 1)) throw new RangeError(`splitDataset: ${name} fraction must be in [0, 1], got ${f}`);
  }
  if (Math.abs(train + valid + test - 1) > 1e-9) {
    throw new RangeError(`splitDataset: train + valid + test must be 1, got ${train} + ${valid} + ${test} = ${train + valid + test}`);
  }
  const n = items.length;
  const order = opts.shuffle === false ? [...Array(n).keys()] : toGenerator(opts.seed).permutation(n);
  const nValid = Math.round(n * valid);
  const nTest = Math.min(Math.round(n * test), n - nValid);
  const pick = (from: number, to: number) => order.slice(from, to).map((i) => items[i]!);
  return { train: pick(0, n - nValid - nTest), valid: pick(n - nValid - nTest, n - nTest), test: pick(n - nTest, n) };
}

/** A {@link Generator} from a seed, or the generator itself. */
export function toGenerator(seed: number | string | Generator | undefined): Generator {
  return seed instanceof Generator ? seed : new Generator(seed ?? 0);
}
