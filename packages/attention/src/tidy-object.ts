import { tidy, type TensorContainer } from '@tensorflow/tfjs-core';

/**
 * `tf.tidy` for functions returning plain objects of tensors (and nulls): tfjs keeps every
 * tensor reachable from the result, but its types only accept `TensorContainer`.
 */
export function tidyObject<T>(fn: () => T): T {
  return tidy(() => fn() as unknown as TensorContainer) as unknown as T;
}
