import type { Tensor } from '@tensorflow/tfjs-core';
import { isHostTensor, toHostTensor, type HostTensor } from '../host-tensor.js';
import { SafetensorsError } from './errors.js';

/**
 * Serialises tensors to the safetensors format: float32 as `F32`, int32 (and bool) as `I32`,
 * little-endian, in the given order, header padded with spaces to a multiple of 8 bytes as the
 * reference writer does. `tf.Tensor`s are read synchronously.
 */
export function serializeSafetensors(
  tensors: Record<string, Tensor | HostTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const host: [string, HostTensor][] = Object.entries(tensors).map(([name, t]) => {
    if (name === '__metadata__') throw new SafetensorsError('invalid-tensor', 'the name __metadata__ is reserved', name);
    try {
      return [name, isHostTensor(t) ? t : toHostTensor(t)];
    } catch (e) {
      throw new SafetensorsError('invalid-tensor', (e as Error).message, name);
    }
  });
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of host) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new SafetensorsError('size-mismatch', `shape [${t.shape.join(', ')}] has ${count} elements, data has ${t.data.length}`, name);
    }
    const bytes = t.data.length * 4;
    header[name] = { dtype: t.dtype === 'float32' ? 'F32' : 'I32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const [, t] of host) {
    if (t.dtype === 'float32') for (let i = 0; i < t.data.length; i++, pos += 4) view.setFloat32(pos, t.data[i]!, true);
    else for (let i = 0; i < t.data.length; i++, pos += 4) view.setInt32(pos, t.data[i]!, true);
  }
  return out;
}
