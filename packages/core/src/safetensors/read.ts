import type { HostTensor } from '../host-tensor.js';
import { decode, SAFETENSORS_DTYPES } from './dtypes.js';
import { SafetensorsError, type SafetensorsErrorReason } from './errors.js';

/** The largest JSON header accepted, as the reference implementation (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor's entry in a safetensors header. */
export interface SafetensorsEntry {
  dtype: string;
  shape: number[];
  /** Byte range `[begin, end)` inside the data section (after the header). */
  dataOffsets: [number, number];
}

/** A parsed header: entries in file order plus the free-form `__metadata__`. */
export interface SafetensorsHeader {
  entries: Record<string, SafetensorsEntry>;
  metadata: Record<string, string>;
  /** Byte offset of the data section in the file. */
  dataStart: number;
}

/** A parsed file: tensors on the host (floats as float32, integers as int32) and metadata. */
export interface SafetensorsFile {
  tensors: Record<string, HostTensor>;
  metadata: Record<string, string>;
}

/**
 * Parses and validates a safetensors header. Every check of the reference implementation is
 * applied: header length within bounds, UTF-8 JSON object, known dtypes, non-negative integer
 * shapes, offsets that tile the data section exactly (sorted, contiguous, no overlap, no gap,
 * nothing past the end) and byte lengths equal to dtype size x element count.
 */
export function parseSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  const fail = (reason: SafetensorsErrorReason, msg: string, tensor?: string): never => {
    throw new SafetensorsError(reason, msg, tensor);
  };
  if (bytes.byteLength < 8) fail('header-too-small', `file is ${bytes.byteLength} bytes, need at least 8`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) fail('header-too-large', `header length ${n64} exceeds ${MAX_HEADER_BYTES}`);
  const n = Number(n64);
  if (8 + n > bytes.byteLength) fail('header-out-of-bounds', `header length ${n} runs past the end of a ${bytes.byteLength}-byte file`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('invalid-utf8', 'header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail('invalid-header', 'header must be a JSON object starting with {');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail('invalid-json', (e as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('invalid-header', 'header must be a JSON object');
  const dataLength = bytes.byteLength - 8 - n;
  const entries: Record<string, SafetensorsEntry> = {};
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(raw, fail);
      continue;
    }
    entries[name] = parseEntry(name, raw, fail);
  }
  // Offsets must tile [0, dataLength) exactly, in order.
  const ordered = Object.entries(entries).sort((a, b) => a[1].dataOffsets[0] - b[1].dataOffsets[0] || a[1].dataOffsets[1] - b[1].dataOffsets[1]);
  let cursor = 0;
  for (const [name, e] of ordered) {
    const [begin, end] = e.dataOffsets;
    if (end > dataLength) fail('out-of-bounds', `data_offsets [${begin}, ${end}] run past the ${dataLength}-byte data section`, name);
    if (begin < cursor) fail('overlap', `data_offsets [${begin}, ${end}] overlap the previous tensor (ends at ${cursor})`, name);
    if (begin > cursor) fail('invalid-offsets', `gap before data_offsets [${begin}, ${end}] (previous tensor ends at ${cursor})`, name);
    cursor = end;
  }
  if (cursor !== dataLength) fail('incomplete-buffer', `tensors cover ${cursor} of ${dataLength} data bytes`);
  return { entries, metadata, dataStart: 8 + n };
}

/** Parses a safetensors buffer into host tensors (see {@link parseSafetensorsHeader} for checks). */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  const header = parseSafetensorsHeader(bytes);
  const tensors: Record<string, HostTensor> = {};
  for (const [name, e] of Object.entries(header.entries)) {
    const info = SAFETENSORS_DTYPES[e.dtype]!;
    const [begin, end] = e.dataOffsets;
    const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataStart + begin, end - begin);
    const count = (end - begin) / info.bytes;
    const data = decode(e.dtype, view, count, name, (msg) => {
      throw new SafetensorsError('unsupported-value', msg, name);
    });
    tensors[name] = { dtype: info.host, shape: e.shape, data };
  }
  return { tensors, metadata: header.metadata };
}

type Fail = (reason: SafetensorsErrorReason, msg: string, tensor?: string) => never;

function parseMetadata(raw: unknown, fail: Fail): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('invalid-header', '__metadata__ must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string') fail('invalid-header', `__metadata__.${k} must be a string`);
    out[k] = v as string;
  }
  return out;
}

function parseEntry(name: string, raw: unknown, fail: Fail): SafetensorsEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('invalid-header', 'entry must be an object', name);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail('invalid-header', 'missing string field dtype', name);
  const info = SAFETENSORS_DTYPES[dtype];
  if (!info) return fail('unknown-dtype', `dtype ${dtype} is not one of ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`, name);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail('invalid-shape', `shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, name);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    return fail('invalid-offsets', `data_offsets must be two non-negative integers, got ${JSON.stringify(offsets)}`, name);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) return fail('invalid-offsets', `data_offsets [${begin}, ${end}] end before they begin`, name);
  let count = 1;
  for (const d of shape as number[]) count *= d;
  if (!Number.isSafeInteger(count * info.bytes) || count * info.bytes !== end - begin) {
    return fail('size-mismatch', `${dtype} x [${(shape as number[]).join(', ')}] needs ${count * info.bytes} bytes, data_offsets give ${end - begin}`, name);
  }
  return { dtype, shape: [...(shape as number[])], dataOffsets: [begin, end] };
}
