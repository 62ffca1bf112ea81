/**
 * `Exp` and `Tanh` kernels for the wasm backend in WebAssembly SIMD (simd/unary.wat, core's math.wati:
 * Cephes' expf, within 2 ulps of the correctly rounded result; +Infinity above ln(FLT_MAX), NaN
 * for NaN, and 0 below -87.34 where the true result is a denormal). tfjs-backend-wasm 4.22
 * calls the C library per element: 9-15 ns per element here, 20 ms for the [16, 4, 128, 128]
 * attention scores of a Transformer LM step. `Tanh` likewise (math.wati's tanh, within 2 ulps;
 * tfjs's took ~24 ns per element: 4 ms for one Bahdanau energy [64, 10, 256]). Tensors of fewer
 * than 4 elements, other dtypes and engines without SIMD keep tfjs's kernels.
 * @module
 */
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/unary-wasm.js';
import { heapOffset, wasmHeapModule } from './wasm-heap-module.js';

interface UnarySimd {
  exp(x: number, y: number, n: number): void;
  tanh(x: number, y: number, n: number): void;
}

/** The `Exp` kernel; `original()` gives tfjs's own for what it does not handle. */
export function wasmExp(original: () => KernelFunc): KernelFunc {
  return unary('exp', original);
}

/** The `Tanh` kernel; `original()` gives tfjs's own for what it does not handle. */
export function wasmTanh(original: () => KernelFunc): KernelFunc {
  return unary('tanh', original);
}

function unary(fn: keyof UnarySimd, original: () => KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const n = util.sizeFromShape(x.shape);
    const simd = x.dtype === 'float32' && n >= 4 ? wasmHeapModule<UnarySimd>(wasmBase64) : null;
    if (!simd) return original()(args);
    const out = (args.backend as unknown as { makeOutput(shape: number[], dtype: 'float32'): TensorInfo }).makeOutput([...x.shape], 'float32');
    simd[fn](heapOffset(x), heapOffset(out), n);
    return out;
  };
}
