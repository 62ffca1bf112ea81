import { add, type Tensor } from '@tensorflow/tfjs-core';
import { ValueError } from '@seqlab/core';
import { rnnStep } from '../cells/step.js';
import type { CellWeights, RNNNonlinearity } from '../cells/weights.js';
import { rnnSequence } from '../fast/rnn-kernel.js';
import { HiddenStateRecurrent } from './hidden-state-recurrent.js';
import type { RecurrentOptions } from './recurrent-base.js';

/** Options of {@link RNN}. */
export interface RNNOptions extends RecurrentOptions {
  /** `tanh` (default) or `relu`. */
  nonlinearity?: RNNNonlinearity;
}

/**
 * A multi-layer Elman RNN with PyTorch's `nn.RNN` semantics, parameters and state-dict names:
 * `h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)`.
 * ```ts
 * const rnn = new RNN(8, 16, { numLayers: 2, bidirectional: true });
 * const { output, hN } = rnn.forward(x, { lengths: [5, 3] }); // x: [T, B, 8]
 * ```
 */
export class RNN extends HiddenStateRecurrent {
  /** The activation. */
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(inputSize, hiddenSize, 1, { ...opts, fastAvailable: true });
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new ValueError(`RNN: nonlinearity must be 'tanh' or 'relu', got '${String(this.nonlinearity)}'`);
    }
  }

  protected slowStep(x: Tensor, [h]: Tensor[], w: CellWeights): Tensor[] {
    return [rnnStep(x, h!, w, this.nonlinearity)];
  }

  protected fastRun(x: Tensor, [h0]: Tensor[], w: CellWeights): Tensor[] {
    const b = w.biasIh && w.biasHh ? add(w.biasIh, w.biasHh) : null;
    return [rnnSequence(this.projectInputs(x, w.weightIh, b), w.weightHh, h0!, this.nonlinearity)];
  }
}
