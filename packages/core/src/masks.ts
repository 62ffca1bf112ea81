/**
 * Masks for padded batches and autoregressive attention. Convention: a boolean mask is `true`
 * where attention / loss is ALLOWED (a real token), `false` where it is masked out.
 * (PyTorch's `key_padding_mask` uses the opposite; `@seqlab/attention` converts at its boundary.)
 * @module
 */
import {
  cast,
  fill,
  less,
  logicalAnd,
  notEqual,
  range,
  reshape,
  tensor,
  tensor1d,
  tidy,
  where,
  zeros,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from './errors.js';
import { canReadSync } from './host-read.js';

/**
 * `[B, T]` bool mask, `true` at positions `t < lengths[b]`.
 * @param maxLen T; defaults to the largest length.
 */
export function lengthsToMask(lengths: readonly number[] | Int32Array | Tensor, maxLen?: number): Tensor {
  if (isTensor(lengths) && lengths.rank !== 1) throw new ShapeError('lengths', [null], lengths.shape, 'lengthsToMask');
  if (isTensor(lengths) && !canReadSync()) {
    throw new ValueError('lengthsToMask: pass lengths as a number array on WebGPU (a synchronous tensor read is unsafe there)');
  }
  const lens = isTensor(lengths) ? Array.from(lengths.dataSync()) : Array.from(lengths);
  const T = maxLen ?? Math.max(0, ...lens);
  lens.forEach((l, b) => {
    if (!Number.isInteger(l) || l < 0 || l > T) {
      throw new ValueError(`lengthsToMask: lengths[${b}] = ${l} must be an integer in [0, ${T}]`);
    }
  });
  return tidy(() => {
    const positions = reshape(range(0, T, 1, 'int32'), [1, T]);
    const lensT = reshape(tensor1d(lens, 'int32'), [lens.length, 1]);
    return less(positions, lensT);
  });
}

/** `[B, T]` bool mask, `true` where `ids != padId`. */
export function paddingMaskFromIds(ids: Tensor, padId: number): Tensor {
  return notEqual(ids, padId);
}

/**
 * `[T, S]` bool mask for causal (autoregressive) attention: query `i` may attend to key `j` when
 * `j <= i + offset`. `offset` = number of earlier keys already cached (incremental decoding).
 */
export function causalMask(T: number, S: number = T, offset = S - T): Tensor {
  // Written on the host and uploaded: a broadcasting compare of [1, S] against [T, 1] took 32 ms
  // for 512 x 512 on wasm (its broadcasting binary ops walk indices per element).
  const data = new Uint8Array(T * S);
  for (let i = 0; i < T; i++) data.fill(1, i * S, i * S + Math.max(0, Math.min(S, i + offset + 1)));
  return tensor(data, [T, S], 'bool');
}

/** Logical AND of boolean masks, broadcasting like tfjs ops. */
export function combineMasks(...masks: Tensor[]): Tensor {
  if (masks.length === 0) throw new ValueError('combineMasks: need at least one mask');
  return tidy(() => masks.slice(1).reduce((acc, m) => logicalAnd(acc, m), masks[0]!.clone()));
}

/**
 * Converts a bool mask to an additive float mask: 0 where allowed, `negative` where masked
 * (default -Infinity, as PyTorch's `generate_square_subsequent_mask`).
 */
export function maskToAdditive(mask: Tensor, negative = -Infinity): Tensor {
  return tidy(() => where(mask, zeros(mask.shape), fill(mask.shape, negative)));
}

/** A bool mask as float32 1/0, for multiplying losses or states. */
export function maskToFloat(mask: Tensor): Tensor {
  return cast(mask, 'float32');
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'dataSync' in x;
}
