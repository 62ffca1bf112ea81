import { gelu } from '@seqlab/core';
import { relu, type Tensor } from '@tensorflow/tfjs-core';

/** Feed-forward activations of PyTorch's transformer layers. */
export type Activation = 'relu' | 'gelu';

// GELU exactly as `F.gelu` (the erf form): @seqlab/core's, re-exported where it always was.
export { gelu };

/** Applies the named activation. */
export function activate(name: Activation, x: Tensor): Tensor {
  return name === 'relu' ? relu(x) : gelu(x);
}
