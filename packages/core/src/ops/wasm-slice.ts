/**
 * Zero-copy-input `Slice`, `Unpack` and `SplitV` kernels for the wasm backend.
 *
 * tfjs-backend-wasm 4.22's `Slice` reads its input with `backend.readSync`, which copies the
 * WHOLE input out of the wasm heap (`HEAPU8.slice`) before taking the piece it wants; its
 * `Unpack` (`tf.unstack`) and `SplitV` (`tf.split`) call that slice once per output. Measured
 * here: one [64, 64] slice of a [128, 64, 64] tensor 1.25 ms (2 MB copied for 16 kB kept),
 * unstacking it 117 ms, so a batched product split into 2-D products spent 2.7 s of a 3.5 s
 * Transformer LM training step in `Unpack`, and every per-time-step slice of an RNN copied the
 * whole sequence. These kernels read the input through a view of the heap and copy only the
 * slice (one `set` per contiguous run of the innermost axis). Strings keep the original kernels.
 * @module
 */
import { backend_util, slice_util, util, type KernelFunc, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's `BackendWasm` these kernels use. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): TypedArray;
}

/** `x[begin : begin + size]` into a new tensor, reading `x` in place. */
function sliceView(x: TensorInfo, begin: readonly number[], size: readonly number[], backend: WasmBackendLike): TensorInfo {
  const out = backend.makeOutput([...size], x.dtype);
  const n = util.sizeFromShape([...size]);
  if (n === 0) return out;
  // Views are taken after makeOutput: an allocation may grow (and so detach) the heap.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = util.computeStrides(x.shape);
  if (rank === 0 || slice_util.isSliceContinous(x.shape, [...begin], [...size])) {
    const offset = rank === 0 ? 0 : slice_util.computeFlatOffset([...begin], strides);
    dst.set(src.subarray(offset, offset + n));
    return out;
  }
  // Copy one run of the innermost axis at a time, walking the outer indices like an odometer.
  const inner = size[rank - 1]!;
  const index = new Array<number>(rank - 1).fill(0);
  for (let o = 0; o < n; o += inner) {
    let offset = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    dst.set(src.subarray(offset, offset + inner), o);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Builds the three kernels; `original(name)` gives tfjs's own kernel for string tensors. */
export function wasmSliceKernels(original: (name: string) => KernelFunc): Record<'Slice' | 'Unpack' | 'SplitV', KernelFunc> {
  return {
    Slice: (args) => {
      const x = args.inputs.x as TensorInfo;
      if (x.dtype === 'string') return original('Slice')(args);
      const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [b, s] = slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
      return sliceView(x, b, s, args.backend as unknown as WasmBackendLike);
    },
    Unpack: (args) => {
      const value = args.inputs.value as TensorInfo;
      if (value.dtype === 'string') return original('Unpack')(args);
      const rank = value.shape.length;
      let axis = (args.attrs as unknown as { axis: number }).axis;
      if (axis < 0) axis += rank;
      const outShape = value.shape.filter((_, i) => i !== axis);
      const begin = new Array<number>(rank).fill(0);
      const size = value.shape.slice();
      size[axis] = 1;
      const outs: TensorInfo[] = [];
      for (let i = 0; i < value.shape[axis]!; i++) {
        begin[axis] = i;
        const { dataId, dtype } = sliceView(value, begin, size, args.backend as unknown as WasmBackendLike);
        outs.push({ dataId, dtype, shape: outShape });
      }
      return outs;
    },
    SplitV: (args) => {
      const x = args.inputs.x as TensorInfo;
      if (x.dtype === 'string') return original('SplitV')(args);
      const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
      const ax = util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, ax);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = x.shape.slice();
        size[ax] = s;
        const out = sliceView(x, begin, size, args.backend as unknown as WasmBackendLike);
        begin[ax]! += s;
        return out;
      });
    },
  };
}
