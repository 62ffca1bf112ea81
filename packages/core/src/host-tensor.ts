import type { DataType, Tensor } from '@tensorflow/tfjs-core';

/**
 * A tensor's data on the host, independent of any backend: what safetensors files hold and what
 * {@link Module.loadStateDict} accepts besides `tf.Tensor`.
 */
export interface HostTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

/** True for a {@link HostTensor} (plain data), false for a `tf.Tensor`. */
export function isHostTensor(x: Tensor | HostTensor): x is HostTensor {
  return !('dataSync' in x) && 'data' in x && ArrayBuffer.isView((x as HostTensor).data);
}

/** Copies a tensor's data to the host (synchronously: cheap on cpu/wasm, a readback on GPUs). */
export function toHostTensor(t: Tensor): HostTensor {
  const dtype = hostDtype(t.dtype);
  const data = dtype === 'int32' ? Int32Array.from(t.dataSync() as Int32Array) : Float32Array.from(t.dataSync() as Float32Array);
  return { dtype, shape: [...t.shape], data };
}

function hostDtype(dtype: DataType): HostTensor['dtype'] {
  if (dtype === 'float32') return 'float32';
  if (dtype === 'int32' || dtype === 'bool') return 'int32';
  throw new TypeError(`cannot store a ${dtype} tensor on the host; use float32 or int32`);
}
