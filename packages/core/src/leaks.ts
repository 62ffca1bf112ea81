import { memory } from '@tensorflow/tfjs-core';

/** Tensors were created and not disposed. */
export class TensorLeakError extends Error {
  override readonly name = 'TensorLeakError';
  constructor(
    readonly before: number,
    readonly after: number,
    label?: string,
  ) {
    super(`${label ? `${label}: ` : ''}${after - before} tensor(s) leaked (numTensors ${before} -> ${after})`);
  }
}

/**
 * Runs `fn` and throws a {@link TensorLeakError} if `tf.memory().numTensors` changed. `fn` must
 * dispose what it creates; return plain values (numbers, arrays), not tensors.
 */
export function expectNoLeaks<T>(fn: () => T, label?: string): T {
  const before = memory().numTensors;
  const result = fn();
  const after = memory().numTensors;
  if (after !== before) throw new TensorLeakError(before, after, label);
  return result;
}

/** {@link expectNoLeaks} for async functions. */
export async function expectNoLeaksAsync<T>(fn: () => Promise<T>, label?: string): Promise<T> {
  const before = memory().numTensors;
  const result = await fn();
  const after = memory().numTensors;
  if (after !== before) throw new TensorLeakError(before, after, label);
  return result;
}
