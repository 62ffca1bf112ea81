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
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

let copying: KernelFunc | null = null;

const sharedIdentity: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  // Strings live outside the wasm heap: keep the original kernel for them.
  if (x.dtype === 'string') return copying!(args);
  (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/**
 * Installs {@link sharedIdentity} for the wasm backend if the wasm backend's kernels are
 * registered and it is not installed yet (cheap enough to call before every wasm product).
 */
export function ensureSharedWasmIdentity(): void {
  const current = getKernel('Identity', 'wasm');
  if (!current || current.kernelFunc === sharedIdentity) return;
  copying = current.kernelFunc;
  unregisterKernel('Identity', 'wasm');
  registerKernel({ ...current, kernelFunc: sharedIdentity } as KernelConfig);
}
