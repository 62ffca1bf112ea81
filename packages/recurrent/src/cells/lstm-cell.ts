import type { Tensor } from '@tensorflow/tfjs-core';
import { ValueError, type Parameter } from '@seqlab/core';
import { CellBase, type CellOptions } from './cell-base.js';
import { lstmStep } from './step.js';
import type { CellWeights } from './weights.js';

/** An LSTM state: hidden `h` (`[B, projSize || H]`) and cell `c` (`[B, H]`). */
export interface LSTMState {
  h: Tensor;
  c: Tensor;
}

/** Options of {@link LSTMCell}. */
export interface LSTMCellOptions extends CellOptions {
  /**
   * Peephole connections: the i, f and o gates also see c_{t-1} through `weight_ch`
   * (`[3·H, H]`, blocks W_ci, W_cf, W_co), as in
   * `i = σ(W_xi x + W_hi h + W_ci c + b_i)`. Default false (PyTorch's LSTM has none).
   */
  peephole?: boolean;
  /** Project h to this size with `weight_hr` (`[projSize, H]`), as PyTorch's LSTM `proj_size`. 0 = none. */
  projSize?: number;
}

/**
 * An LSTM cell with PyTorch's `nn.LSTMCell` parameters and gate order (i, f, g, o), plus optional
 * peephole connections and an output projection. `step(x, state)` is a pure single-step function.
 */
export class LSTMCell extends CellBase {
  /** `W_hr` (`[projSize, H]`) or null. */
  readonly weightHr: Parameter | null;
  /** Peephole `W_c{i,f,o}` (`[3·H, H]`) or null. */
  readonly weightCh: Parameter | null;
  /** Size of h (projSize, or H without projection). */
  readonly outSize: number;

  constructor(inputSize: number, hiddenSize: number, opts: LSTMCellOptions = {}) {
    const proj = opts.projSize ?? 0;
    if (!Number.isInteger(proj) || proj < 0 || (proj > 0 && proj >= hiddenSize)) {
      throw new ValueError(`LSTMCell: projSize must be an integer in [0, hiddenSize), got ${proj}`);
    }
    super(inputSize, hiddenSize, 4, proj || hiddenSize, opts);
    this.outSize = proj || hiddenSize;
    this.weightHr = proj ? this.addParameter('weight_hr', this.init([proj, hiddenSize])) : null;
    this.weightCh = opts.peephole ? this.addParameter('weight_ch', this.init([3 * hiddenSize, hiddenSize])) : null;
  }

  override weights(): CellWeights {
    return { ...super.weights(), weightHr: this.weightHr, weightCh: this.weightCh };
  }

  /**
   * One step. `x`: `[B, inputSize]` or `[inputSize]`; `state.h`: `[B, outSize]`, `state.c`:
   * `[B, H]` (unbatched without B; zeros when omitted).
   * @returns the new state.
   */
  step(x: Tensor, state?: LSTMState): LSTMState {
    const batch = this.checkStep(x, [['h', state?.h, this.outSize], ['c', state?.c, this.hiddenSize]]);
    const [h, c] = this.batched(batch, [x, state?.h, state?.c], [this.inputSize, this.outSize, this.hiddenSize], (xb, hb, cb) =>
      lstmStep(xb!, hb!, cb!, this.weights()),
    );
    return { h, c };
  }
}
