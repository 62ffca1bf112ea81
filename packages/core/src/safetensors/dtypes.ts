import type { HostTensor } from '../host-tensor.js';

/** A safetensors dtype this library reads, with its size in bytes and the host dtype it becomes. */
export interface DtypeInfo {
  /** Bytes per element. */
  bytes: number;
  /** The host dtype values are decoded to. */
  host: HostTensor['dtype'];
}

/** Readable safetensors dtypes. Floats become float32; integers and bools become int32. */
export const SAFETENSORS_DTYPES: Readonly<Record<string, DtypeInfo>> = {
  F64: { bytes: 8, host: 'float32' },
  F32: { bytes: 4, host: 'float32' },
  F16: { bytes: 2, host: 'float32' },
  BF16: { bytes: 2, host: 'float32' },
  I64: { bytes: 8, host: 'int32' },
  I32: { bytes: 4, host: 'int32' },
  I16: { bytes: 2, host: 'int32' },
  I8: { bytes: 1, host: 'int32' },
  U8: { bytes: 1, host: 'int32' },
  BOOL: { bytes: 1, host: 'int32' },
};

/** IEEE 754 half precision bits to a number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes `count` little-endian elements of `dtype` starting at `view`'s offset 0 into host data.
 * Reads only inside `view`.
 */
export function decode(dtype: string, view: DataView, count: number, name: string, fail: (msg: string) => never): HostTensor['data'] {
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      const word = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        word.setUint32(0, view.getUint16(2 * i, true) << 16, true);
        out[i] = word.getFloat32(0, true);
      }
      return out;
    }
    case 'I32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
      return out;
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n) fail(`I64 value ${v} at index ${i} of '${name}' does not fit in int32`);
        out[i] = Number(v);
      }
      return out;
    }
    case 'I16': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
      return out;
    }
    case 'I8': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      return out;
    }
    case 'U8':
    case 'BOOL': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getUint8(i);
      return out;
    }
    default:
      return fail(`dtype ${dtype} is not supported`);
  }
}
