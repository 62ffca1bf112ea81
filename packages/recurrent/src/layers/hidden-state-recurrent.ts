import type { Tensor } from '@tensorflow/tfjs-core';
import { RecurrentBase, type RecurrentForwardOptions, type RecurrentOutput } from './recurrent-base.js';

/**
 * A recurrent layer whose whole state is one hidden vector `h` (RNN and GRU, unlike LSTM's `(h, c)`):
 * the forward signature and state layout they share.
 */
export abstract class HiddenStateRecurrent extends RecurrentBase {
  /**
   * Runs the sequence. `input`: `[T, B, inputSize]` (`[B, T, ...]` with batchFirst, `[T, inputSize]`
   * unbatched). Options: `h0`, `lengths` or `mask`, `path`.
   */
  forward(input: Tensor, opts: RecurrentForwardOptions = {}): RecurrentOutput {
    const [output, hN] = this.run(input, [opts.h0], ['h0'], opts);
    return { output: output!, hN: hN! };
  }

  protected stateSizes(): number[] {
    return [this.hiddenSize];
  }
}
