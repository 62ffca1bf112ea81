/**
 * `tidy` for functions returning plain objects of tensors (tfjs's types accept only its own
 * `TensorContainer` shapes, although `tidy` keeps every tensor nested in any returned object).
 * @module
 */
import { tidy, type TensorContainer } from '@tensorflow/tfjs-core';

/** Runs `fn` in a tidy scope, keeping every tensor reachable from its result. */
export function tidyObject<T>(fn: () => T): T {
  return tidy(fn as unknown as () => TensorContainer) as unknown as T;
}
