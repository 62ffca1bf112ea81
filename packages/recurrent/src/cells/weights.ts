import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * The weights one recurrent cell step uses, with PyTorch's layouts: gate blocks stacked along the
 * first axis (`weightIh` is `[G·H, inputSize]`, `weightHh` is `[G·H, hiddenOut]`, where `G` is 1 for
 * RNN, 4 for LSTM in the order i, f, g, o, and 3 for GRU in the order r, z, n).
 */
export interface CellWeights {
  /** `W_ih`: `[G·H, inputSize]`. */
  weightIh: Tensor;
  /** `W_hh`: `[G·H, hiddenOut]` (`hiddenOut` is `projSize` for a projected LSTM, else H). */
  weightHh: Tensor;
  /** `b_ih`: `[G·H]`, or null without bias. */
  biasIh: Tensor | null;
  /** `b_hh`: `[G·H]`, or null without bias. */
  biasHh: Tensor | null;
  /** LSTM projection `W_hr`: `[projSize, H]`, or null. */
  weightHr?: Tensor | null;
  /** LSTM peephole weights `W_ci, W_cf, W_co` stacked: `[3·H, H]`, or null. */
  weightCh?: Tensor | null;
}

/** A single step's activation for {@link RNNCell} / {@link RNN}: PyTorch's `nonlinearity`. */
export type RNNNonlinearity = 'tanh' | 'relu';
