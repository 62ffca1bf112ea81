import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Backends the current vitest project tests on, e.g. ['cpu', 'wasm']. */
    backends: string[];
  }
}

/** The backends of the running vitest project. */
export function backendsUnderTest(): string[] {
  return inject('backends');
}

/**
 * Declares `fn`'s tests once per backend under test, each block switching tfjs to its backend
 * first. Use for every spec that must hold on cpu, wasm, webgl and webgpu.
 */
export function describeBackends(title: string, fn: (backend: string) => void): void {
  for (const backend of backendsUnderTest()) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        const ok = await tf.setBackend(backend);
        if (!ok || tf.getBackend() !== backend) throw new Error(`backend ${backend} failed to initialise`);
      });
      fn(backend);
    });
  }
}

/**
 * Declares `fn`'s tests on one named backend (`describe('on <backend>')`), switching tfjs to it
 * first and back to the previous backend after: for specs that only need the fast backend (the
 * learning tests run on wasm).
 */
export function describeOnBackend(backend: string, fn: () => void): void {
  describe(`on ${backend}`, () => {
    let previous = '';
    beforeAll(async () => {
      previous = tf.getBackend();
      if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) throw new Error(`backend ${backend} failed to initialise`);
    });
    afterAll(async () => {
      if (previous) await tf.setBackend(previous);
    });
    fn();
  });
}

/** A PyTorch fixture array: shape plus row-major data. */
export interface FixtureArray {
  shape: number[];
  data: number[];
}

/** A tensor from a fixture array. */
export function fromFixture(f: FixtureArray, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  return tf.tensor(f.data, f.shape, dtype);
}

/**
 * Rejects unless `actual` and `expected` have the same size (and shape, when both have one) and
 * |a - e| <= atol + rtol·|e| everywhere. The message names the worst element. Tensors are read
 * with `await t.data()`: `dataSync()` is not reliable on WebGPU (it reads through a canvas).
 */
export async function expectClose(
  actual: tf.Tensor | ArrayLike<number>,
  expected: tf.Tensor | FixtureArray | ArrayLike<number>,
  atol = 1e-5,
  rtol = 0,
): Promise<void> {
  const a = isTensor(actual) ? Array.from(await actual.data()) : Array.from(actual);
  const e = isTensor(expected) ? Array.from(await expected.data()) : isFixture(expected) ? expected.data : Array.from(expected);
  const aShape = isTensor(actual) ? actual.shape : null;
  const eShape = isTensor(expected) ? expected.shape : isFixture(expected) ? expected.shape : null;
  if (aShape && eShape && (aShape.length !== eShape.length || aShape.some((d, i) => d !== eShape[i]))) {
    throw new Error(`shape mismatch: got [${aShape.join(', ')}], expected [${eShape.join(', ')}]`);
  }
  if (a.length !== e.length) throw new Error(`size mismatch: got ${a.length}, expected ${e.length}`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - e[i]!);
    const excess = diff - (atol + rtol * Math.abs(e[i]!));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(diff))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(`not close at index ${worst}: got ${a[worst]}, expected ${e[worst]} (|diff| ${Math.abs(a[worst]! - e[worst]!)} > atol ${atol} + rtol ${rtol})`);
  }
}

/** Reads a tensor's values (async, reliable on every backend). */
export async function read(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

function isTensor(x: unknown): x is tf.Tensor {
  return typeof x === 'object' && x !== null && 'dataSync' in x;
}

function isFixture(x: unknown): x is FixtureArray {
  return typeof x === 'object' && x !== null && 'shape' in x && 'data' in x && Array.isArray((x as FixtureArray).data);
}
