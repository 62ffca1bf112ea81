/**
 * Argument checks shared by the attention variants: every failure is a `ShapeError` that names
 * the argument, the expected shape and the actual one.
 * @module
 */
import { ShapeError, ValueError } from '@seqlab/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Throws unless `mask` broadcasts to `target` (NumPy rules: align right, each dim 1 or equal). */
export function checkBroadcastable(argument: string, mask: Tensor, target: readonly number[], context: string): void {
  const s = mask.shape;
  const ok = s.length <= target.length && s.every((d, i) => d === 1 || d === target[target.length - s.length + i]);
  if (!ok) throw new ShapeError(argument, `a shape broadcastable to [${target.join(', ')}]`, s, context);
}

/** Throws unless `mask` is a bool or float32 tensor. */
export function checkMaskDtype(argument: string, mask: Tensor, context: string, allowFloat = true): void {
  if (mask.dtype === 'bool' || (allowFloat && mask.dtype === 'float32')) return;
  const want = allowFloat ? 'dtype bool or float32' : 'dtype bool';
  throw new ShapeError(argument, want, `dtype ${mask.dtype}`, context);
}

/** Throws a ValueError unless `p` is a probability. */
export function checkProbability(name: string, p: number, context: string): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${context}: ${name} must be in [0, 1], got ${p}`);
}

/** Throws a ValueError unless `n` is a positive integer. */
export function checkPositiveInt(name: string, n: number, context: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`${context}: ${name} must be a positive integer, got ${n}`);
}
