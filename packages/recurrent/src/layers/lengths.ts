/**
 * Variable-length batches with PyTorch's packed-sequence semantics, implemented on padded tensors:
 * the lengths are validated on the host, then turned into index tensors for two gathers (the
 * within-length reversal of the backward direction and the pick of each sequence's last real step)
 * and a float mask that zeroes padded outputs.
 * @module
 */
import { reshape, tensor1d, tensor3d, type Tensor, type Tensor2D } from '@tensorflow/tfjs-core';
import { gatherRows, ShapeError, ValueError } from '@seqlab/core';

/** Sequence lengths, as the forward options take them. */
export type Lengths = readonly number[] | Int32Array | Tensor;

/**
 * Resolves `lengths` or `mask` (`[B, T]`, true/1 at real steps, which must come first) to host
 * lengths. Returns null when every sequence is full (nothing to mask).
 * @throws ShapeError for a wrong shape, ValueError for a length outside [1, T] or a mask that is
 *   not a prefix of real steps.
 */
export function resolveLengths(lengths: Lengths | undefined, mask: Tensor | undefined, B: number, T: number, context: string): number[] | null {
  if (lengths !== undefined && mask !== undefined) throw new ValueError(`${context}: pass lengths or mask, not both`);
  let lens: number[];
  if (mask !== undefined) {
    if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T) throw new ShapeError('mask', [B, T], mask.shape, context);
    const m = mask.dataSync();
    lens = [];
    for (let b = 0; b < B; b++) {
      let len = 0;
      while (len < T && m[b * T + len]) len++;
      for (let t = len; t < T; t++) {
        if (m[b * T + t]) throw new ValueError(`${context}: mask row ${b} must be true for a prefix of steps only (true at step ${t} after false at step ${len})`);
      }
      lens.push(len);
    }
  } else if (lengths !== undefined) {
    const isT = typeof (lengths as Tensor).dataSync === 'function';
    const shape = isT ? (lengths as Tensor).shape : [(lengths as ArrayLike<number>).length];
    if (shape.length !== 1 || shape[0] !== B) throw new ShapeError('lengths', [B], shape, context);
    lens = Array.from(isT ? (lengths as Tensor).dataSync() : (lengths as ArrayLike<number>));
  } else {
    return null;
  }
  lens.forEach((l, b) => {
    if (!Number.isInteger(l) || l < 1 || l > T) {
      throw new ValueError(`${context}: ${mask ? 'mask' : 'lengths'}[${b}] = ${l} must be an integer in [1, ${T}] (T = ${T})`);
    }
  });
  return lens.every((l) => l === T) ? null : lens;
}

/** `[T, B, 1]` float mask: 1 at real steps, 0 at padding (time-major). */
export function stepMask(lengths: readonly number[], T: number): Tensor {
  const B = lengths.length;
  const m = new Float32Array(T * B);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) m[t * B + b] = t < lengths[b]! ? 1 : 0;
  return tensor3d(m, [T, B, 1]);
}

/**
 * Reverses each sequence of `x` (`[T, B, F]`) within its own length; padded steps stay where they
 * are. Its own inverse. This is how the backward direction starts at each sequence's last real step.
 */
export function reverseWithin(x: Tensor, lengths: readonly number[]): Tensor {
  const [T, B, F] = x.shape as [number, number, number];
  const idx = new Int32Array(T * B);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const L = lengths[b]!;
      idx[t * B + b] = (t < L ? L - 1 - t : t) * B + b;
    }
  }
  return reshape(gatherRows(reshape(x, [T * B, F]) as Tensor2D, tensor1d(idx, 'int32')), [T, B, F]);
}

/** Each sequence's state at its last real step: `[B, F]` from `[T, B, F]`. */
export function lastSteps(x: Tensor, lengths: readonly number[]): Tensor {
  const [T, B, F] = x.shape as [number, number, number];
  const idx = Int32Array.from(lengths, (L, b) => (L - 1) * B + b);
  return gatherRows(reshape(x, [T * B, F]) as Tensor2D, tensor1d(idx, 'int32'));
}
