import { add, split, type Tensor } from '@tensorflow/tfjs-core';
import { lstmStep } from '../cells/step.js';
import type { CellWeights } from '../cells/weights.js';
import { lstmSequence } from '../fast/lstm-kernel.js';
import { RecurrentBase, type RecurrentForwardOptions, type RecurrentOptions, type RecurrentOutput } from './recurrent-base.js';

/** Options of {@link LSTM}. */
export interface LSTMOptions extends RecurrentOptions {
  /** PyTorch's `proj_size`: h is projected to this size by `weight_hr_l{k}` (`[projSize, H]`). 0 = none. */
  projSize?: number;
  /**
   * Peephole connections (gates i, f, o also see c_{t-1} through `weight_ch_l{k}`, `[3H, H]`).
   * No PyTorch equivalent; runs on the per-step path. Default false.
   */
  peephole?: boolean;
}

/** Arguments of {@link LSTM.forward}. */
export interface LSTMForwardOptions extends RecurrentForwardOptions {
  /** Initial cell state `[numLayers·D, B, H]` (`[numLayers·D, H]` unbatched); zeros when omitted. */
  c0?: Tensor;
}

/**
 * A multi-layer LSTM with PyTorch's `nn.LSTM` semantics, parameters and state-dict names
 * (gate order i, f, g, o; `proj_size`), plus optional peephole connections.
 * ```ts
 * const lstm = new LSTM(8, 16, { numLayers: 2, bidirectional: true, projSize: 4 });
 * const { output, hN, cN } = lstm.forward(x, { lengths }); // x: [T, B, 8]
 * ```
 */
export class LSTM extends RecurrentBase {
  /** See {@link LSTMOptions.projSize}. */
  readonly projSize: number;
  /** See {@link LSTMOptions.peephole}. */
  readonly peephole: boolean;

  constructor(inputSize: number, hiddenSize: number, opts: LSTMOptions = {}) {
    super(inputSize, hiddenSize, 4, { ...opts, fastAvailable: !opts.peephole });
    this.projSize = opts.projSize ?? 0;
    this.peephole = opts.peephole ?? false;
  }

  /**
   * Runs the sequence. `input`: `[T, B, inputSize]` (`[B, T, ...]` with batchFirst, `[T, inputSize]`
   * unbatched). Options: `h0`, `c0`, `lengths` or `mask`, `path`.
   */
  forward(input: Tensor, opts: LSTMForwardOptions = {}): Required<RecurrentOutput> {
    const [output, hN, cN] = this.run(input, [opts.h0, opts.c0], ['h0', 'c0'], opts);
    return { output: output!, hN: hN!, cN: cN! };
  }

  protected stateSizes(): number[] {
    return [this.outSize, this.hiddenSize];
  }

  protected slowStep(x: Tensor, [h, c]: Tensor[], w: CellWeights): Tensor[] {
    return lstmStep(x, h!, c!, w);
  }

  protected fastRun(x: Tensor, [h0, c0]: Tensor[], w: CellWeights): Tensor[] {
    const b = w.biasIh && w.biasHh ? add(w.biasIh, w.biasHh) : null;
    const hc = lstmSequence(this.projectInputs(x, w.weightIh, b), w.weightHh, h0!, c0!, w.weightHr ?? null);
    return split(hc, [this.outSize, this.hiddenSize], 2);
  }
}
