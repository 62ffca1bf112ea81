/**
 * The AdamW step of one variable as tfjs element-wise ops: every backend but wasm (with SIMD),
 * and the reference the fused kernel (adamw-kernel.ts) is tested against.
 * @module
 */
import { add, div, mul, sqrt, square, type Tensor } from '@tensorflow/tfjs-core';
import type { AdamStepConstants } from './adamw-kernel.js';

/**
 * `[p', m', v']` for one variable (call inside a `tidy`). The JS numbers become float32 scalars;
 * the fused kernel does the same operations in the same order on the same float32 constants.
 */
export function adamStepOps(value: Tensor, m: Tensor, v: Tensor, grad: Tensor, c: AdamStepConstants): [Tensor, Tensor, Tensor] {
  // Without weight decay the multiply is skipped (it would be by exactly 1).
  const decayed = c.decay !== 1 ? mul(value, c.decay) : value;
  const newM = add(mul(m, c.beta1), mul(grad, c.oneMinusBeta1));
  const newV = add(mul(v, c.beta2), mul(square(grad), c.oneMinusBeta2));
  const denom = add(div(sqrt(newV), c.bc2Sqrt), c.eps);
  const newValue = add(decayed, mul(div(newM, denom), -c.stepSize));
  return [newValue, newM, newV];
}
