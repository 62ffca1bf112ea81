/** Argument checks shared by the encodings. @module */
import { ShapeError, ValueError } from '@seqlab/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Throws a ValueError unless `offset` is a non-negative integer. */
export function checkOffset(offset: number, context: string): void {
  if (!Number.isInteger(offset) || offset < 0) throw new ValueError(`${context}: offset must be a non-negative integer, got ${offset}`);
}

/** Throws a ValueError unless `n` is a positive integer. */
export function checkPositiveInt(name: string, n: number, context: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`${context}: ${name} must be a positive integer, got ${n}`);
}

/** Sequence length of `x`, `[..., T, d]` (rank >= 2) with last dim `d`; ShapeError otherwise. */
export function seqLenOf(x: Tensor, d: number, context: string, tAxis: number): number {
  if (x.rank < 2 || x.shape[x.rank - 1] !== d) throw new ShapeError('x', `[..., T, ${d}] (rank >= 2)`, x.shape, context);
  return x.shape[tAxis]!;
}

/** Throws a ValueError when positions offset..offset+T-1 do not fit in `maxLen`. */
export function checkFits(offset: number, T: number, maxLen: number, context: string): void {
  if (offset + T > maxLen) {
    throw new ValueError(`${context}: positions ${offset}..${offset + T - 1} exceed maxLen ${maxLen} (offset ${offset} + length ${T})`);
  }
}
