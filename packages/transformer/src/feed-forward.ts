import type { Dropout, Linear } from '@seqlab/core';
import { tidy, type Tensor } from '@tensorflow/tfjs-core';
import { activate, type Activation } from './activation.js';

/**
 * The position-wise feed-forward block of a transformer layer, registered as PyTorch does on the
 * layer itself (`linear1`, `dropout`, `linear2`): `linear2(dropout(act(linear1(x))))`.
 * A helper, not a Module: the layer owns the parameters so the state dict names stay flat.
 */
export function feedForward(
  x: Tensor,
  linear1: Linear,
  dropout: Dropout,
  linear2: Linear,
  activation: Activation,
): Tensor {
  return tidy(() => linear2.forward(dropout.forward(activate(activation, linear1.forward(x)))));
}

