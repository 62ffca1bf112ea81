import { expandDims, squeeze, tidy, zeros, type Tensor } from '@tensorflow/tfjs-core';
import { Module, ShapeError, uniform, ValueError, type Generator, type Parameter } from '@seqlab/core';
import type { CellWeights } from './weights.js';

/** Options shared by the cells. */
export interface CellOptions {
  /** Learn `bias_ih` and `bias_hh` (default true), like PyTorch's `bias`. */
  bias?: boolean;
  /** Random source for the initial weights (default: the process-wide generator). */
  rng?: Generator;
}

/**
 * What the three cells share: PyTorch's parameter names (`weight_ih`, `weight_hh`, `bias_ih`,
 * `bias_hh`), PyTorch's init U(-1/√H, 1/√H) for every parameter, and the batched / unbatched
 * input handling (`[B, I]` or `[I]`).
 */
export abstract class CellBase extends Module {
  /** `W_ih`: `[G·H, inputSize]`. */
  readonly weightIh: Parameter;
  /** `W_hh`: `[G·H, hiddenOut]`. */
  readonly weightHh: Parameter;
  /** `b_ih`: `[G·H]` or null. */
  readonly biasIh: Parameter | null;
  /** `b_hh`: `[G·H]` or null. */
  readonly biasHh: Parameter | null;
  protected readonly bound: number;
  protected readonly rng: Generator | undefined;

  protected constructor(
    /** Features per input step. */
    readonly inputSize: number,
    /** Hidden units H. */
    readonly hiddenSize: number,
    gates: number,
    hiddenOut: number,
    opts: CellOptions,
  ) {
    super();
    for (const [k, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${this.typeName}: ${k} must be a positive integer, got ${v}`);
    }
    this.rng = opts.rng;
    this.bound = 1 / Math.sqrt(hiddenSize);
    this.weightIh = this.addParameter('weight_ih', this.init([gates * hiddenSize, inputSize]));
    this.weightHh = this.addParameter('weight_hh', this.init([gates * hiddenSize, hiddenOut]));
    const bias = opts.bias ?? true;
    this.biasIh = bias ? this.addParameter('bias_ih', this.init([gates * hiddenSize])) : null;
    this.biasHh = bias ? this.addParameter('bias_hh', this.init([gates * hiddenSize])) : null;
  }

  /** U(-1/√H, 1/√H), PyTorch's `reset_parameters` for recurrent layers. */
  protected init(shape: number[]): Tensor {
    return uniform(shape, -this.bound, this.bound, { rng: this.rng });
  }

  /** The weights as the pure step functions take them. */
  weights(): CellWeights {
    return { weightIh: this.weightIh, weightHh: this.weightHh, biasIh: this.biasIh, biasHh: this.biasHh };
  }

  /**
   * Checks `x` (`[B, I]` or `[I]`) and the state tensors (`[B, size]` or `[size]`, matching `x`'s
   * batching), and returns the batch size (null when unbatched).
   */
  protected checkStep(x: Tensor, states: [string, Tensor | undefined, number][]): number | null {
    if ((x.rank !== 1 && x.rank !== 2) || x.shape[x.rank - 1] !== this.inputSize) {
      throw new ShapeError('input', x.rank === 1 ? [this.inputSize] : [null, this.inputSize], x.shape, this.typeName);
    }
    const batch = x.rank === 2 ? x.shape[0]! : null;
    for (const [name, s, size] of states) {
      if (!s) continue;
      const expected = batch === null ? [size] : [batch, size];
      if (s.rank !== expected.length || s.shape.some((d, i) => d !== expected[i])) {
        throw new ShapeError(name, expected, s.shape, this.typeName);
      }
    }
    return batch;
  }

  /** Runs `fn` on batched tensors: adds a batch axis to unbatched ones and removes it after. */
  protected batched<T extends Tensor[]>(batch: number | null, inputs: (Tensor | undefined)[], sizes: number[], fn: (...xs: Tensor[]) => T): T {
    return tidy(() => {
      const b = batch ?? 1;
      const xs = inputs.map((t, k) => (t ? (batch === null ? expandDims(t, 0) : t) : zeros([b, sizes[k]!])));
      const out = fn(...xs);
      return (batch === null ? out.map((t) => squeeze(t, [0])) : out) as T;
    });
  }
}
