/**
 * GELU, the erf form (`torch.nn.functional.gelu`'s default, not the tanh approximation).
 * @module
 */
import { add, customGrad, engine, erf, getBackend, getKernel, mul, registerKernel, tidy, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/gelu-wasm.js';
import { heapOffset, wasmHeapModule } from './wasm-heap-module.js';

interface GeluSimd {
  gelu(x: number, y: number, n: number): void;
  gelu_grad(x: number, dy: number, dx: number, n: number): void;
}

type WasmOutput = { makeOutput(shape: number[], dtype: 'float32'): TensorInfo };

function ensureKernels(): void {
  if (getKernel('SeqlabGelu', 'wasm')) return;
  const simd = (): GeluSimd => wasmHeapModule<GeluSimd>(wasmBase64)!;
  registerKernel({
    kernelName: 'SeqlabGelu',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as TensorInfo;
      const y = (backend as unknown as WasmOutput).makeOutput([...x.shape], 'float32');
      simd().gelu(heapOffset(x), heapOffset(y), x.shape.reduce((a, b) => a * b, 1));
      return y;
    },
  });
  registerKernel({
    kernelName: 'SeqlabGeluGrad',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as TensorInfo;
      const dx = (backend as unknown as WasmOutput).makeOutput([...x.shape], 'float32');
      simd().gelu_grad(heapOffset(x), heapOffset(inputs.dy as TensorInfo), heapOffset(dx), x.shape.reduce((a, b) => a * b, 1));
      return dx;
    },
  });
}

/** One kernel forward, one backward (x saved): the wasm SIMD path. */
const geluFused = customGrad(((x: Tensor, save: (t: Tensor[]) => void) => {
  save([x]);
  return {
    value: engine().runKernel('SeqlabGelu', { x }) as Tensor,
    gradFunc: (dy: Tensor | Tensor[], [xs]: Tensor[]) => engine().runKernel('SeqlabGeluGrad', { x: xs!, dy: dy as Tensor }) as Tensor,
  };
}) as unknown as Parameters<typeof customGrad>[0]) as unknown as (x: Tensor) => Tensor;

/**
 * `x·Φ(x) = x/2·(1 + erf(x/√2))`, differentiable. On wasm (with SIMD, float32, a size that is a
 * multiple of 4) one WebAssembly kernel forward and one backward (simd/gelu.wat); elsewhere
 * tfjs ops. Both use tfjs's erf (Abramowitz & Stegun 7.1.26, |error| <= 1.5e-7).
 */
export function gelu(x: Tensor): Tensor {
  if (getBackend() === 'wasm' && x.dtype === 'float32' && x.size % 4 === 0 && wasmHeapModule<GeluSimd>(wasmBase64)) {
    ensureKernels();
    return geluFused(x);
  }
  return tidy(() => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1)));
}
