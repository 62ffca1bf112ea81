/**
 * The fused AdamW step on the wasm backend: one WebAssembly SIMD kernel per variable
 * (simd/adamw.wat) instead of ~12 tfjs element-wise kernels, each a full pass over the tensor.
 * @module
 */
import { engine, getBackend, util, type Tensor } from '@tensorflow/tfjs-core';
import { heapOffset, registerHeapKernel, wasmHeapModule } from '@seqlab/core';
import { wasmBase64 } from './simd/adamw-wasm.js';

/** The export of simd/adamw.wat (pointers are heap byte offsets; the argument meanings are documented there). */
interface AdamWSimd {
  adamw(
    p: number, m: number, v: number, g: number, p1: number, m1: number, v1: number, n: number,
    beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number,
    decay: number, stepSize: number, bc2Sqrt: number, eps: number,
  ): void;
}

/**
 * The scalars of one step, as float64 numbers computed on the host. Both paths see them as the
 * float32 scalars tfjs would make of them (`Math.fround`), so they compute the same thing.
 */
export interface AdamStepConstants {
  beta1: number;
  beta2: number;
  /** `1 - β1`. */
  oneMinusBeta1: number;
  /** `1 - β2`. */
  oneMinusBeta2: number;
  /** `1 - lr·λ` (1 without weight decay). */
  decay: number;
  /** `lr / (1 - β1^t)`. */
  stepSize: number;
  /** `√(1 - β2^t)`. */
  bc2Sqrt: number;
  eps: number;
}

const KERNEL = 'SeqlabAdamW';
let enabled = true;

/**
 * Turns the fused WebAssembly SIMD step of {@link AdamW} and {@link Adam} off (or back on): on
 * the wasm backend they then run tfjs element-wise ops, as on every other backend. For tests
 * and benchmarks (both paths compute the same float32 values); on by default.
 */
export function useFusedAdamKernel(on: boolean): void {
  enabled = on;
}

/**
 * Whether the fused kernel can run this update: it is on, the backend is wasm with SIMD on an
 * unshared heap, and parameter, moments and gradient are non-empty float32 tensors of one shape
 * (anything else, e.g. a broadcasting gradient, keeps the op path's semantics by taking it).
 */
export function fusedAdamAvailable(value: Tensor, m: Tensor, v: Tensor, grad: Tensor): boolean {
  if (!enabled || getBackend() !== 'wasm' || value.size === 0) return false;
  for (const t of [m, v, grad]) if (t.dtype !== 'float32' || !util.arraysEqual(t.shape, value.shape)) return false;
  return value.dtype === 'float32' && wasmHeapModule<AdamWSimd>(wasmBase64) !== null;
}

function ensureKernel(): void {
  registerHeapKernel<AdamWSimd>(KERNEL, wasmBase64, (k, { p, m, v, g }, alloc, attrs) => {
    const c = attrs as unknown as AdamStepConstants;
    const shape = [...p!.shape];
    // New buffers, never the variables' own: tfjs tensors may share a data id (a variable made
    // from a tensor, a clone), so writing in place could change tensors the optimizer does not own.
    const outs = [alloc(shape), alloc(shape), alloc(shape)];
    const [p1, m1, v1] = outs.map(heapOffset) as [number, number, number];
    const f = Math.fround;
    k.adamw(
      heapOffset(p!), heapOffset(m!), heapOffset(v!), heapOffset(g!), p1, m1, v1, util.sizeFromShape(shape),
      f(c.beta1), f(c.beta2), f(c.oneMinusBeta1), f(c.oneMinusBeta2), f(c.decay), f(c.stepSize), f(c.bc2Sqrt), f(c.eps),
    );
    return outs;
  });
}

/**
 * One step of one variable as a single kernel: `[p', m', v']`, new tensors (the caller assigns
 * them, inside a `tidy`). Only where {@link fusedAdamAvailable} says so.
 */
export function fusedAdamStep(value: Tensor, m: Tensor, v: Tensor, grad: Tensor, c: AdamStepConstants): [Tensor, Tensor, Tensor] {
  ensureKernel();
  return engine().runKernel(KERNEL, { p: value, m, v, g: grad }, { ...c }) as unknown as [Tensor, Tensor, Tensor];
}
