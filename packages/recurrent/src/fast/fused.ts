/**
 * Fused pointwise kernels for the CPU-side backends (`cpu`, `wasm`). On those backends every tfjs
 * op costs a fixed dispatch overhead that dwarfs the arithmetic of a `[32, 256]` elementwise op,
 * so a recurrent step written as ~12 tfjs ops spends most of its time in overhead. Each kernel
 * here does one step's whole elementwise work (gates, cell update, their derivatives) in one
 * plain loop over the backend's own memory, reading step `t` of a `[T, ...]` tensor by offset
 * (no slice op). GPU backends have no such kernels: the sequence kernels fall back to composite
 * tfjs ops there (see {@link fusedAvailable}).
 *
 * The kernels are registered under seqlab-specific names and run only inside custom gradients
 * (forward and hand-written backward), so they need no gradient of their own.
 * @module
 */
import { heapOffset } from '@seqlab/core';
import { engine, getBackend, getKernel, registerKernel, type NamedTensorMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { pointwiseSimd, type PointwiseSimd } from './simd/kernels.js';

/** Integer attributes of a fused kernel (step index, flags). */
export type FusedAttrs = Record<string, number>;

/** A fused kernel: output shapes, and the loop that fills the outputs from the inputs. */
export interface FusedSpec {
  name: string;
  outShapes(inputs: readonly TensorInfo[], attrs: FusedAttrs): number[][];
  run(inputs: Float32Array[], outputs: Float32Array[], attrs: FusedAttrs): void;
  /**
   * The same work by the WebAssembly SIMD kernels on the wasm heap (`inputs` / `outputs` are byte
   * offsets there), used on `wasm` when the engine has SIMD and `H` is a multiple of 4.
   */
  simd?(kernels: PointwiseSimd, inputs: number[], outputs: number[], attrs: FusedAttrs): void;
}

interface CpuLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}
interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

let enabled = true;

/**
 * Turns the fused kernels off (or back on), so the composite-op implementation can be tested
 * and benchmarked on `cpu` / `wasm` too. On by default.
 */
export function useFusedKernels(on: boolean): void {
  enabled = on;
}

const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Registers `spec` for the `cpu` and `wasm` backends (idempotent). */
export function registerFused(spec: FusedSpec): void {
  if (!getKernel(spec.name, 'cpu')) {
    registerKernel({
      kernelName: spec.name,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as CpuLike;
        const ins = Object.values(inputs) as TensorInfo[];
        const shapes = spec.outShapes(ins, attrs as unknown as FusedAttrs);
        const outs = shapes.map((s) => new Float32Array(sizeOf(s)));
        spec.run(ins.map((t) => b.readSync(t.dataId) as Float32Array), outs, attrs as unknown as FusedAttrs);
        return shapes.map((s, k) => b.makeTensorInfo(s, 'float32', outs[k]!));
      },
    });
  }
  if (!getKernel(spec.name, 'wasm')) {
    registerKernel({
      kernelName: spec.name,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as WasmLike;
        const ins = Object.values(inputs) as TensorInfo[];
        const shapes = spec.outShapes(ins, attrs as unknown as FusedAttrs);
        // Allocate first: a heap growth would detach views taken earlier.
        const outs = shapes.map((s) => b.makeOutput(s, 'float32'));
        const a = attrs as unknown as FusedAttrs;
        const simd = spec.simd && a.H! % 4 === 0 ? pointwiseSimd() : null;
        if (simd) {
          spec.simd!(simd, ins.map(heapOffset), outs.map(heapOffset), a);
          return outs;
        }
        spec.run(ins.map((t) => b.typedArrayFromHeap(t)), outs.map((t) => b.typedArrayFromHeap(t)), attrs as unknown as FusedAttrs);
        return outs;
      },
    });
  }
}

/** Whether the fused kernels run on the current backend. */
export function fusedAvailable(): boolean {
  const backend = getBackend();
  return enabled && (backend === 'cpu' || backend === 'wasm');
}

const registered = new Set<string>();

/** Runs a fused kernel on the current backend (registering it on first use). */
export function runFused(spec: FusedSpec, inputs: Tensor[], attrs: FusedAttrs = {}): Tensor[] {
  if (!registered.has(spec.name)) {
    registerFused(spec);
    registered.add(spec.name);
  }
  const named: NamedTensorMap = {};
  inputs.forEach((t, k) => (named[`x${k}`] = t));
  return engine().runKernel(spec.name, named, attrs as never) as unknown as Tensor[];
}
