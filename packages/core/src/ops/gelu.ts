/**
 * GELU, the erf form (`torch.nn.functional.gelu`'s default, not the tanh approximation).
 * @module
 */
import { add, customGrad, engine, erf, getBackend, mul, tidy, util, type Tensor } from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/gelu-wasm.js';
import { heapOffset, registerHeapKernel, wasmHeapModule } from './wasm-heap-module.js';

interface GeluSimd {
  gelu(x: number, y: number, n: number): void;
  gelu_grad(x: number, dy: number, dx: number, n: number): void;
}

function ensureKernels(): void {
  registerHeapKernel<GeluSimd>('SeqlabGelu', wasmBase64, (k, { x }, alloc) => {
    const y = alloc([...x!.shape]);
    k.gelu(heapOffset(x!), heapOffset(y), util.sizeFromShape(x!.shape));
    return y;
  });
  registerHeapKernel<GeluSimd>('SeqlabGeluGrad', wasmBase64, (k, { x, dy }, alloc) => {
    const dx = alloc([...x!.shape]);
    k.gelu_grad(heapOffset(x!), heapOffset(dy!), heapOffset(dx), util.sizeFromShape(x!.shape));
    return dx;
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
