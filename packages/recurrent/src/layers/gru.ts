import { zeros, type Tensor } from '@tensorflow/tfjs-core';
import { gruStep } from '../cells/step.js';
import type { CellWeights } from '../cells/weights.js';
import { gruSequence } from '../fast/gru-kernel.js';
import { HiddenStateRecurrent } from './hidden-state-recurrent.js';
import type { RecurrentOptions } from './recurrent-base.js';

/** Options of {@link GRU}. */
export interface GRUOptions extends RecurrentOptions {
  /**
   * `n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)` (reset gate before the matmul, Cho et al. 2014)
   * instead of PyTorch's `r ⊙ (W_hn h + b_hn)`. Runs on the per-step path. Default false.
   */
  resetBeforeMatmul?: boolean;
}

/**
 * A multi-layer GRU with PyTorch's `nn.GRU` semantics, parameters and state-dict names
 * (gates r, z, n; `h' = (1 - z) ⊙ n + z ⊙ h`).
 * ```ts
 * const gru = new GRU(8, 16, { batchFirst: true });
 * const { output, hN } = gru.forward(x); // x: [B, T, 8]
 * ```
 */
export class GRU extends HiddenStateRecurrent {
  /** See {@link GRUOptions.resetBeforeMatmul}. */
  readonly resetBeforeMatmul: boolean;

  constructor(inputSize: number, hiddenSize: number, opts: GRUOptions = {}) {
    super(inputSize, hiddenSize, 3, { ...opts, fastAvailable: !opts.resetBeforeMatmul });
    this.resetBeforeMatmul = opts.resetBeforeMatmul ?? false;
  }

  protected slowStep(x: Tensor, [h]: Tensor[], w: CellWeights): Tensor[] {
    return [gruStep(x, h!, w, this.resetBeforeMatmul)];
  }

  protected fastRun(x: Tensor, [h0]: Tensor[], w: CellWeights): Tensor[] {
    // b_hn sits inside r ⊙ (W_hn h + b_hn), so b_hh stays in the recurrence; b_ih goes with the inputs.
    const bHh = w.biasHh ?? zeros([3 * this.hiddenSize]);
    return [gruSequence(this.projectInputs(x, w.weightIh, w.biasIh), w.weightHh, bHh, h0!)];
  }
}
