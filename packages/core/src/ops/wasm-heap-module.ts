/**
 * WebAssembly modules that work on the wasm backend's tensors in place. tfjs-backend-wasm keeps
 * every tensor in one `WebAssembly.Memory`; a module that imports that memory (as `env.memory`)
 * can read its inputs and write its outputs by heap offset, so a fused kernel written in
 * WebAssembly SIMD needs no copies (the JS fallback loops read typed-array views of the same heap).
 * @module
 */
import { backend as currentBackend, getBackend, getKernel, registerKernel, type TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm 4.22's `BackendWasm` used here (not in its public types). */
interface WasmBackendInternals {
  wasm: { asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

/** Compiled modules by source (compiled once per process), instances by backend (one per heap). */
const compiled = new Map<string, WebAssembly.Module | null>();
const instances = new WeakMap<object, Map<string, WebAssembly.Exports | null>>();

function decodeBase64(b64: string): Uint8Array {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function compile(base64: string): WebAssembly.Module | null {
  if (!compiled.has(base64)) {
    let module: WebAssembly.Module | null = null;
    try {
      module = new WebAssembly.Module(decodeBase64(base64) as BufferSource);
    } catch {
      // An engine without a feature the module uses (SIMD): callers fall back to JS.
      module = null;
    }
    compiled.set(base64, module);
  }
  return compiled.get(base64)!;
}

/**
 * The exports of the module `base64` (a binary that imports `env.memory`) instantiated on the
 * current wasm backend's heap, or `null` where that cannot be done: the backend is not `wasm`,
 * its memory is shared (the threaded build; the module declares an unshared memory), or the
 * engine rejects the module (no SIMD). Cached per backend instance, so it is cheap per call.
 */
export function wasmHeapModule<T extends object>(base64: string): T | null {
  if (getBackend() !== 'wasm') return null;
  const backend = currentBackend() as unknown as WasmBackendInternals;
  let byBackend = instances.get(backend);
  if (!byBackend) instances.set(backend, (byBackend = new Map()));
  if (!byBackend.has(base64)) {
    const memory = backend.wasm?.asm?.memory;
    const module = compile(base64);
    let exports: WebAssembly.Exports | null = null;
    if (module && memory instanceof WebAssembly.Memory && !(memory.buffer instanceof (globalThis.SharedArrayBuffer ?? class {}))) {
      try {
        exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
      } catch {
        exports = null;
      }
    }
    byBackend.set(base64, exports);
  }
  return byBackend.get(base64) as T | null;
}

/** The byte offset of a tensor's data in the wasm backend's heap (the current backend must be wasm). */
export function heapOffset(t: TensorInfo): number {
  const entry = (currentBackend() as unknown as WasmBackendInternals).dataIdMap.get(t.dataId);
  if (!entry) throw new Error('seqlab: tensor data is not on the wasm backend');
  return entry.memoryOffset;
}

/**
 * The body of a wasm kernel that runs a heap module: gets the module's exports, the kernel's
 * inputs and attributes, and `alloc(shape)` for float32 outputs. Heap offsets stay valid when an
 * allocation grows the heap (only JS views of it detach), so they may be taken in any order.
 */
export type HeapKernelBody<T> = (exports: T, inputs: Record<string, TensorInfo>, alloc: (shape: number[]) => TensorInfo, attrs: Record<string, unknown>) => TensorInfo | TensorInfo[];

/**
 * Registers kernel `name` on the wasm backend (once; later calls are no-ops) running `body` with
 * the exports of the heap module `base64`. Callers check {@link wasmHeapModule} first and use
 * tfjs ops where it is null; the kernel itself assumes the module loaded.
 */
export function registerHeapKernel<T extends object>(name: string, base64: string, body: HeapKernelBody<T>): void {
  if (getKernel(name, 'wasm')) return;
  registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const out = backend as unknown as { makeOutput(shape: number[], dtype: 'float32'): TensorInfo };
      return body(wasmHeapModule<T>(base64)!, inputs as Record<string, TensorInfo>, (shape) => out.makeOutput(shape, 'float32'), attrs as Record<string, unknown>);
    },
  });
}
