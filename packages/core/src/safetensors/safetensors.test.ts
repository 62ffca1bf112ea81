import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import expected from '../../fixtures/dtypes_expected.json' with { type: 'json' };
import { Generator } from '../rng.js';
import { SafetensorsError } from './errors.js';
import { parseSafetensors, parseSafetensorsHeader } from './read.js';
import { serializeSafetensors } from './write.js';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));

/** Builds a file from a header object and data bytes, without any validation. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SafetensorsError) return e.reason;
    throw e;
  }
  return 'no error';
}

describe('safetensors files written by the PyTorch-side writer', () => {
  const file = parseSafetensors(fixture('dtypes.safetensors'));
  const cases = (expected as { cases: Record<string, { shape: number[]; data: number[] }> }).cases;
  for (const [name, exp] of Object.entries(cases)) {
    it(`reads ${name}`, () => {
      const t = file.tensors[name]!;
      expect(t.shape).toEqual(exp.shape);
      // The fixture holds each tensor's exact value as torch sees it (f16/bf16 widened), so the
      // float32 read must equal it exactly.
      expect(Array.from(t.data)).toEqual(t.dtype === 'int32' ? exp.data : exp.data.map((v) => Math.fround(v)));
    });
  }
  it('reads __metadata__', () => {
    expect(file.metadata).toEqual({ format: 'pt', note: 'seqlab fixture' });
  });
});

describe('safetensors round trip', () => {
  it('serialize then parse gives the same names, shapes, dtypes, values and metadata', () => {
    const rng = new Generator(7);
    const tensors = {
      'layers.0.weight': { dtype: 'float32' as const, shape: [3, 5], data: rng.normal(15) },
      'layers.0.bias': { dtype: 'float32' as const, shape: [3], data: rng.normal(3) },
      steps: { dtype: 'int32' as const, shape: [2], data: Int32Array.from([-7, 2147483647]) },
      empty: { dtype: 'float32' as const, shape: [0, 4], data: new Float32Array(0) },
    };
    const bytes = serializeSafetensors(tensors, { step: '10' });
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
    const back = parseSafetensors(bytes);
    expect(Object.keys(back.tensors)).toEqual(Object.keys(tensors));
    for (const [k, t] of Object.entries(tensors)) {
      expect(back.tensors[k]!.dtype).toBe(t.dtype);
      expect(back.tensors[k]!.shape).toEqual(t.shape);
      expect(Array.from(back.tensors[k]!.data)).toEqual(Array.from(t.data));
    }
    expect(back.metadata).toEqual({ step: '10' });
  });
  it('reads from a Uint8Array view at a non-zero, unaligned offset', () => {
    const bytes = serializeSafetensors({ a: { dtype: 'float32', shape: [2], data: Float32Array.from([1.5, -2]) } });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(Array.from(parseSafetensors(big.subarray(3)).tensors.a!.data)).toEqual([1.5, -2]);
  });
  it('refuses a tensor named __metadata__ and data whose size disagrees with the shape', () => {
    expect(reasonOf(() => serializeSafetensors({ __metadata__: { dtype: 'float32', shape: [1], data: new Float32Array(1) } }))).toBe('invalid-tensor');
    expect(reasonOf(() => serializeSafetensors({ a: { dtype: 'float32', shape: [3], data: new Float32Array(2) } }))).toBe('size-mismatch');
  });
});

describe('safetensors validation', () => {
  const f32 = (n: number) => new Uint8Array(4 * n);
  const cases: [string, Uint8Array, string][] = [
    ['fewer than 8 bytes', new Uint8Array(5), 'header-too-small'],
    ['header length over 100 MB', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 200_000_000n, true); return b; })(), 'header-too-large'],
    ['header length past the end', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 9n, true); return b; })(), 'header-out-of-bounds'],
    ['header is not JSON', (() => { const b = rawFile({}); b[8] = 0x7b; b[9] = 0x7b; return b; })(), 'invalid-json'],
    ['header is not an object', (() => { const b = new Uint8Array(8 + 2); new DataView(b.buffer).setBigUint64(0, 2n, true); b.set([0x5b, 0x5d], 8); return b; })(), 'invalid-header'],
    ['invalid UTF-8', (() => { const b = new Uint8Array(8 + 3); new DataView(b.buffer).setBigUint64(0, 3n, true); b.set([0x7b, 0xff, 0x7d], 8); return b; })(), 'invalid-utf8'],
    ['unknown dtype', rawFile({ a: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), 'unknown-dtype'],
    ['negative dim', rawFile({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)), 'invalid-shape'],
    ['offsets reversed', rawFile({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32(1)), 'invalid-offsets'],
    ['dtype x shape != byte length', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, f32(1)), 'size-mismatch'],
    ['offsets past the data', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1)), 'out-of-bounds'],
    ['overlapping tensors', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(3)), 'overlap'],
    ['a gap between tensors', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, f32(3)), 'invalid-offsets'],
    ['trailing bytes not covered', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)), 'incomplete-buffer'],
    ['metadata value not a string', rawFile({ __metadata__: { a: 1 } }), 'invalid-header'],
    ['I64 value outside int32', rawFile({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0])), 'unsupported-value'],
  ];
  for (const [what, bytes, reason] of cases) {
    it(`rejects ${what} with reason ${reason}`, () => {
      expect(reasonOf(() => parseSafetensors(bytes))).toBe(reason);
    });
  }
  it('names the offending tensor in the message', () => {
    expect(() => parseSafetensors(cases[9]![1])).toThrow(/tensor 'a'.*needs 8 bytes, data_offsets give 4/);
  });

  it('fuzz: 2,000 mutated files either parse consistently or throw SafetensorsError, never read outside the buffer', () => {
    const rng = new Generator(2024);
    const base = serializeSafetensors({
      w: { dtype: 'float32', shape: [4, 3], data: rng.normal(12) },
      b: { dtype: 'float32', shape: [3], data: rng.normal(3) },
      ids: { dtype: 'int32', shape: [5], data: Int32Array.from([1, 2, 3, 4, 5]) },
    }, { k: 'v' });
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = mutate(base, rng);
      try {
        const file = parseSafetensors(bytes);
        // Whatever parsed must be self-consistent and lie inside the buffer.
        const h = parseSafetensorsHeader(bytes);
        for (const [name, t] of Object.entries(file.tensors)) {
          expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
          expect(h.dataStart + h.entries[name]!.dataOffsets[1]).toBeLessThanOrEqual(bytes.byteLength);
        }
        parsed++;
      } catch (e) {
        expect(e).toBeInstanceOf(SafetensorsError);
        rejected++;
      }
    }
    expect(parsed + rejected).toBe(2000);
    expect(rejected).toBeGreaterThan(500);
  });
});

/** One random corruption: flip bytes, truncate, extend, or rewrite the header length. */
function mutate(base: Uint8Array, rng: Generator): Uint8Array {
  const b = Uint8Array.from(base);
  switch (rng.int(5)) {
    case 0: {
      for (let k = 0, n = 1 + rng.int(4); k < n; k++) b[rng.int(b.length)] = rng.int(256);
      return b;
    }
    case 1:
      return b.slice(0, rng.int(b.length));
    case 2: {
      const ext = new Uint8Array(b.length + 1 + rng.int(16));
      ext.set(b);
      return ext;
    }
    case 3: {
      new DataView(b.buffer).setBigUint64(0, BigInt(rng.int(1 << 20)), true);
      return b;
    }
    default: {
      // Corrupt inside the JSON header only (digits and brackets are the interesting bytes).
      const headerLen = Number(new DataView(b.buffer).getBigUint64(0, true));
      const pos = 8 + rng.int(headerLen);
      b[pos] = '0123456789[]{},:"-'.charCodeAt(rng.int(18));
      return b;
    }
  }
}
