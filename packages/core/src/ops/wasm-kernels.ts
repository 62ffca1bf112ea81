/**
 * Installs seqlab's replacements for tfjs-backend-wasm 4.22 kernels that copy more than they
 * must or run slowly: a buffer-sharing `Identity` ({@link sharedIdentity}), `Slice` / `Unpack` /
 * `SplitV` that do not copy their whole input ({@link wasmSliceKernels}), a `GatherV2` that
 * copies whole slices ({@link wasmGather}) and a SIMD `Transpose` ({@link wasmTranspose}), all
 * with identical results; and SIMD `Exp` / `Tanh` ({@link wasmExp}, {@link wasmTanh}), within
 * 2 ulps. See docs/backends.md.
 * @module
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { wasmGather } from './wasm-gather.js';
import { wasmExp, wasmTanh } from './wasm-unary.js';
import { sharedIdentity } from './shared-identity.js';
import { wasmSliceKernels } from './wasm-slice.js';
import { wasmTranspose } from './wasm-transpose.js';

/** tfjs's own kernels, kept for the cases the replacements hand back (string tensors). */
const originals = new Map<string, KernelFunc>();
const original = (name: string): KernelFunc => {
  const k = originals.get(name);
  if (!k) throw new Error(`seqlab: tfjs's wasm ${name} kernel was not recorded`);
  return k;
};
const replacements: Record<string, KernelFunc> = {
  Identity: sharedIdentity(() => original('Identity')),
  ...wasmSliceKernels(original),
  Transpose: wasmTranspose(() => original('Transpose')),
  Exp: wasmExp(() => original('Exp')),
  Tanh: wasmTanh(() => original('Tanh')),
  GatherV2: wasmGather(() => original('GatherV2')),
};

/**
 * Registers the replacements for the wasm backend once its kernels are registered (importing
 * `@tensorflow/tfjs-backend-wasm` does that); a no-op when they are installed already or the
 * wasm backend is absent, so it is cheap enough to call before every wasm product.
 */
export function ensureWasmKernels(): void {
  const identity = getKernel('Identity', 'wasm');
  if (!identity || identity.kernelFunc === replacements.Identity) return;
  for (const [name, kernelFunc] of Object.entries(replacements)) {
    const current = getKernel(name, 'wasm');
    if (!current || current.kernelFunc === kernelFunc) continue;
    originals.set(name, current.kernelFunc);
    unregisterKernel(name, 'wasm');
    registerKernel({ ...current, kernelFunc } as KernelConfig);
  }
}
