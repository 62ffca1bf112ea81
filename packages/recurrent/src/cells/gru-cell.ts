import type { Tensor } from '@tensorflow/tfjs-core';
import { CellBase, type CellOptions } from './cell-base.js';
import { gruStep } from './step.js';

/** Options of {@link GRUCell}. */
export interface GRUCellOptions extends CellOptions {
  /**
   * Apply the reset gate before the recurrent matmul, `n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)`
   * (the original GRU of Cho et al. 2014), instead of PyTorch's `r ⊙ (W_hn h + b_hn)`. Default false.
   */
  resetBeforeMatmul?: boolean;
}

/**
 * A GRU cell, PyTorch's `nn.GRUCell` (gates r, z, n), optionally with the reset gate applied before
 * the matmul. `step(x, h)` is a pure single-step function.
 */
export class GRUCell extends CellBase {
  /** See {@link GRUCellOptions.resetBeforeMatmul}. */
  readonly resetBeforeMatmul: boolean;

  constructor(inputSize: number, hiddenSize: number, opts: GRUCellOptions = {}) {
    super(inputSize, hiddenSize, 3, hiddenSize, opts);
    this.resetBeforeMatmul = opts.resetBeforeMatmul ?? false;
  }

  /**
   * One step. `x`: `[B, inputSize]` or `[inputSize]`; `h`: `[B, H]` or `[H]` (zeros when omitted).
   * @returns the new hidden state, shaped like `h`.
   */
  step(x: Tensor, h?: Tensor): Tensor {
    const batch = this.checkStep(x, [['h', h, this.hiddenSize]]);
    return this.batched(batch, [x, h], [this.inputSize, this.hiddenSize], (xb, hb) => [gruStep(xb!, hb!, this.weights(), this.resetBeforeMatmul)])[0]!;
  }
}
