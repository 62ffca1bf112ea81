import { ValueError } from '@seqlab/core';
import type { DecodeOptions } from './types.js';

/** Validates options common to all decoders, naming the bad one. */
export function checkDecodeOptions(opts: DecodeOptions, rows: number): void {
  if (!Number.isInteger(rows) || rows < 1) throw new ValueError(`decode: rows must be a positive integer, got ${rows}`);
  if (!Number.isInteger(opts.maxLength) || opts.maxLength < 1) throw new ValueError(`decode: maxLength must be a positive integer, got ${opts.maxLength}`);
  for (const key of ['bosId', 'eosId'] as const) {
    if (!Number.isInteger(opts[key]) || opts[key] < 0) throw new ValueError(`decode: ${key} must be a non-negative integer, got ${opts[key]}`);
  }
}
