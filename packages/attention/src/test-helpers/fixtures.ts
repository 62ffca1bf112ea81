// Test-only helpers (excluded from the build).
import * as tf from '@tensorflow/tfjs-core';

/** A fixture array whose data may hold "-inf" (JSON has no infinities). */
export interface Arr {
  shape: number[];
  data: (number | string)[];
}

/** The fixture's numbers, "-inf" mapped back to -Infinity. */
export function values(a: Arr): number[] {
  return a.data.map((x) => (x === '-inf' ? -Infinity : (x as number)));
}

/** A float32 tensor from a fixture array. */
export function t(a: Arr): tf.Tensor {
  return tf.tensor(values(a), a.shape, 'float32');
}

/** A bool tensor from a fixture array of 0/1. */
export function tb(a: Arr): tf.Tensor {
  return tf.tensor(values(a).map((x) => x !== 0), a.shape, 'bool');
}

/** As a plain {shape, data} of numbers for expectClose. */
export function num(a: Arr): { shape: number[]; data: number[] } {
  return { shape: a.shape, data: values(a) };
}
