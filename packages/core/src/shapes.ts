import type { Tensor } from '@tensorflow/tfjs-core';
import { ShapeError } from './errors.js';

/**
 * Throws a {@link ShapeError} unless `tensor.shape` matches `expected` (`null` = any size).
 * @param argument name used in the message, e.g. `"input"`
 * @param context the layer or function doing the check, e.g. `"Linear"`
 */
export function checkShape(
  argument: string,
  tensor: Tensor,
  expected: readonly (number | null)[],
  context?: string,
): void {
  const shape = tensor.shape;
  const ok = shape.length === expected.length && expected.every((d, i) => d === null || d === shape[i]);
  if (!ok) throw new ShapeError(argument, expected, shape, context);
}

/**
 * Throws a {@link ShapeError} unless the tensor's rank is one of `ranks`.
 */
export function checkRank(argument: string, tensor: Tensor, ranks: readonly number[], context?: string): void {
  if (!ranks.includes(tensor.rank)) {
    throw new ShapeError(argument, `rank ${ranks.join(' or ')}`, tensor.shape, context);
  }
}

/** Throws unless the tensor has the given dtype. */
export function checkDtype(argument: string, tensor: Tensor, dtype: Tensor['dtype'], context?: string): void {
  if (tensor.dtype !== dtype) {
    throw new ShapeError(argument, `dtype ${dtype}`, `dtype ${tensor.dtype}`, context);
  }
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
