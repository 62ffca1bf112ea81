/**
 * A `GatherV2` kernel for the wasm backend that copies whole runs. tfjs-backend-wasm 4.22 gathers
 * element by element (~70 ns per element here: 11-13 ms for 640 rows of a [3000, 256] embedding
 * table, twice per Seq2SeqAttention training step); this one copies each gathered slice with one
 * typed-array `set` (~0.3 ms). Indices are checked like tfjs's kernel does (an error naming the
 * index). `batchDims` other than 0, strings and non-int32 indices keep tfjs's kernel.
 * @module
 */
import { util, type KernelFunc, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): TypedArray;
}

/** The kernel; `original()` gives tfjs's own `GatherV2` for what it does not handle. */
export function wasmGather(original: () => KernelFunc): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis: axisAttr, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (x.dtype === 'string' || indices.dtype !== 'int32' || (batchDims ?? 0) !== 0) return original()(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const axis = util.parseAxisParam(axisAttr, x.shape)[0]!;
    const dim = x.shape[axis]!;
    const outer = util.sizeFromShape(x.shape.slice(0, axis));
    const inner = util.sizeFromShape(x.shape.slice(axis + 1));
    const out = backend.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
    const n = util.sizeFromShape(indices.shape);
    if (n * outer * inner === 0) return out;
    // Views after makeOutput: an allocation may grow (and so detach) the heap.
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let k = 0; k < n; k++) {
      const i = idx[k]!;
      if (!(i >= 0 && i < dim)) throw new RangeError(`gather: index ${i} at position ${k} is outside [0, ${dim - 1}] (axis ${axis} of shape [${x.shape}])`);
    }
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    let o = 0;
    for (let a = 0; a < outer; a++) {
      const base = a * dim * inner;
      for (let k = 0; k < n; k++) {
        const from = base + idx[k]! * inner;
        dst.set(src.subarray(from, from + inner), o);
        o += inner;
      }
    }
    return out;
  };
}
