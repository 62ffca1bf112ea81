/**
 * `@seqlab/recurrent`: recurrent cells (`RNNCell`, `LSTMCell` with peephole and projection,
 * `GRUCell` in both reset-gate forms) as pure single-step functions, and PyTorch-exact sequence
 * layers (`RNN`, `LSTM`, `GRU`: multi-layer, bidirectional, dropout between layers, batchFirst,
 * initial states, packed-sequence semantics for variable lengths) whose state dicts load PyTorch
 * weights unchanged. The sequence layers run a fast path (one input matmul for all steps, one
 * matmul per step, hand-written backward through time) checked against the per-step path.
 * @packageDocumentation
 */
export { CellBase, type CellOptions } from './cells/cell-base.js';
export { GRUCell, type GRUCellOptions } from './cells/gru-cell.js';
export { LSTMCell, type LSTMCellOptions, type LSTMState } from './cells/lstm-cell.js';
export { RNNCell, type RNNCellOptions } from './cells/rnn-cell.js';
export { gruStep, lstmStep, rnnStep } from './cells/step.js';
export type { CellWeights, RNNNonlinearity } from './cells/weights.js';
export { gruSequence } from './fast/gru-kernel.js';
export { lstmSequence } from './fast/lstm-kernel.js';
export { useFusedKernels } from './fast/fused.js';
export { type PointwiseSimd, useSimdKernels } from './fast/simd/kernels.js';
export { rnnSequence } from './fast/rnn-kernel.js';
export {
  fusedAvailable,
  gruGradKernel,
  gruStepKernel,
  lstmGradKernel,
  lstmStepKernel,
  previousStates,
  sumOuter,
  type GruGradKernelResult,
  type GruStepKernelResult,
  type LstmGradKernelResult,
  type LstmStepKernelResult,
} from './fast/step-kernels.js';
export { GRU, type GRUOptions } from './layers/gru.js';
export type { Lengths } from './layers/lengths.js';
export { LSTM, type LSTMForwardOptions, type LSTMOptions } from './layers/lstm.js';
export {
  RecurrentBase,
  type RecurrentForwardOptions,
  type RecurrentOptions,
  type RecurrentOutput,
  type RecurrentPath,
} from './layers/recurrent-base.js';
export { HiddenStateRecurrent } from './layers/hidden-state-recurrent.js';
export { RNN, type RNNOptions } from './layers/rnn.js';
