/**
 * WebAssembly modules that work on the wasm backend's tensors in place. tfjs-backend-wasm keeps
 * every tensor in one `WebAssembly.Memory`; a module that imports that memory (as `env.memory`)
 * can read its inputs and write its outputs by heap offset, so a fused kernel written in
 * WebAssembly SIMD needs no copies (the JS fallback loops read typed-array views of the same heap).
 * @module
 */
import { backend as currentBackend, getBackend, type TensorInfo } from '@tensorflow/tfjs-core';

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
