import { erf, mul, add, relu, tidy, type Tensor } from '@tensorflow/tfjs-core';

/** Feed-forward activations of PyTorch's transformer layers. */
export type Activation = 'relu' | 'gelu';

/** GELU exactly as `F.gelu` (the erf form, not the tanh approximation). */
export function gelu(x: Tensor): Tensor {
  return tidy(() => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1)));
}

/** Applies the named activation. */
export function activate(name: Activation, x: Tensor): Tensor {
  return name === 'relu' ? relu(x) : gelu(x);
}
