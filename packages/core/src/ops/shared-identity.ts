/**
 * A zero-copy `Identity` kernel for the wasm backend.
 *
 * tfjs records a gradient tape by `clone()`-ing every tensor a kernel saves for its backward pass
 * (`engine.saveTensorsForBackwardMode`), and `clone()` runs the `Identity` kernel. On cpu and the
 * GPU backends Identity shares the buffer (a reference count); tfjs-backend-wasm 4.22's copies
 * it, so every training step on wasm duplicated each saved activation (525 copies per step of a
 * 2+2-layer TransformerSeq2Seq). This kernel shares the buffer the way wasm's own `Reshape`
 * already does (`backend.incRef`), which is safe because no wasm kernel writes into its inputs.
 * @module
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** The kernel; `original` (tfjs's copying Identity) still serves string tensors. */
export function sharedIdentity(original: () => KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    // Strings live outside the wasm heap: keep the original kernel for them.
    if (x.dtype === 'string') return original()(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
