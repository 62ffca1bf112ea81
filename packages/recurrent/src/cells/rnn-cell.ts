import type { Tensor } from '@tensorflow/tfjs-core';
import { ValueError } from '@seqlab/core';
import { CellBase, type CellOptions } from './cell-base.js';
import { rnnStep } from './step.js';
import type { RNNNonlinearity } from './weights.js';

/** Options of {@link RNNCell}. */
export interface RNNCellOptions extends CellOptions {
  /** `tanh` (default) or `relu`, like PyTorch's `nonlinearity`. */
  nonlinearity?: RNNNonlinearity;
}

/**
 * An Elman RNN cell, PyTorch's `nn.RNNCell`: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`.
 * A pure single-step function: `step(x, h)` returns the new state and keeps nothing, so any loop
 * (or a sequence layer) can drive it.
 */
export class RNNCell extends CellBase {
  /** The activation. */
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, 1, hiddenSize, opts);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new ValueError(`RNNCell: nonlinearity must be 'tanh' or 'relu', got '${String(this.nonlinearity)}'`);
    }
  }

  /**
   * One step. `x`: `[B, inputSize]` or `[inputSize]`; `h`: `[B, H]` or `[H]` (zeros when omitted).
   * @returns the new hidden state, shaped like `h`.
   */
  step(x: Tensor, h?: Tensor): Tensor {
    const batch = this.checkStep(x, [['h', h, this.hiddenSize]]);
    return this.batched(batch, [x, h], [this.inputSize, this.hiddenSize], (xb, hb) => [rnnStep(xb!, hb!, this.weights(), this.nonlinearity)])[0]!;
  }
}
