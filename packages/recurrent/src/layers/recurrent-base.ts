import { add, concat, expandDims, mul, reshape, reverse, slice, squeeze, stack, sub, tidy, transpose, unstack, zeros, type Tensor } from '@tensorflow/tfjs-core';
import { Dropout, Module, ShapeError, uniform, ValueError, type Generator, type Parameter } from '@seqlab/core';
import { linear } from '../fast/common.js';
import type { CellWeights } from '../cells/weights.js';
import { lastSteps, resolveLengths, reverseWithin, stepMask, type Lengths } from './lengths.js';

/** Which implementation runs the recurrence. */
export type RecurrentPath = 'fast' | 'slow';

/** Options shared by {@link RNN}, {@link LSTM} and {@link GRU} (PyTorch's constructor arguments). */
export interface RecurrentOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Learn biases (default true). */
  bias?: boolean;
  /** Input and output are `[B, T, F]` instead of `[T, B, F]` (default false). States stay `[L·D, B, H]`. */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in train mode (default 0). */
  dropout?: number;
  /** Add a backward direction; outputs concatenate both (default false). */
  bidirectional?: boolean;
  /** Random source for initial weights and dropout masks (default: the process-wide generator). */
  rng?: Generator;
  /**
   * `fast` (default where available): input projections of all steps in one matmul, one matmul per
   * step for all gates, and a hand-written backward through time. `slow`: the per-step cell loop
   * recorded by tfjs autodiff, kept as the reference implementation.
   */
  path?: RecurrentPath;
}

/** Arguments of a sequence layer's `forward` besides the input. */
export interface RecurrentForwardOptions {
  /** Initial hidden state `[numLayers·D, B, hiddenOut]` (`[numLayers·D, hiddenOut]` unbatched); zeros when omitted. */
  h0?: Tensor;
  /**
   * Real length of each sequence (`[B]`, each in [1, T]). Gives PyTorch packed-sequence results:
   * padded steps leave the state unchanged and output zeros, the final state is each sequence's
   * state at its last real step, and the backward direction starts there. Read on the host: a
   * plain array avoids a synchronous GPU readback.
   */
  lengths?: Lengths;
  /** Instead of `lengths`: a `[B, T]` mask (true / 1 at real steps, which must come first). */
  mask?: Tensor;
  /** Overrides the layer's {@link RecurrentOptions.path} for this call. */
  path?: RecurrentPath;
}

/** What a sequence layer returns. The caller owns (and disposes) these tensors. */
export interface RecurrentOutput {
  /** Top layer's outputs, `[T, B, D·hiddenOut]` (`[B, T, ...]` with batchFirst); zeros at padded steps. */
  output: Tensor;
  /** PyTorch's `h_n`: the final hidden state of every layer and direction, `[numLayers·D, B, hiddenOut]`. */
  hN: Tensor;
  /** PyTorch's `c_n` (LSTM only): `[numLayers·D, B, H]`. */
  cN?: Tensor;
}

/**
 * The machinery {@link RNN}, {@link LSTM} and {@link GRU} share: PyTorch's parameters and their
 * names (`weight_ih_l{k}[_reverse]`, ...), input / state / length validation, stacking, both
 * directions, dropout between layers, batchFirst, and the choice between the fast path and the
 * per-step reference path.
 */
export abstract class RecurrentBase extends Module {
  /** Stacked layers. */
  readonly numLayers: number;
  /** Learns biases. */
  readonly bias: boolean;
  /** `[B, T, F]` input and output. */
  readonly batchFirst: boolean;
  /** Dropout between layers (train mode). */
  readonly dropout: number;
  /** Has a backward direction. */
  readonly bidirectional: boolean;
  /** Default implementation. */
  readonly path: RecurrentPath;
  /** Size of h (projSize for a projected LSTM, else hiddenSize). */
  readonly outSize: number;
  /** Weights per layer and direction. */
  protected readonly cellWeights: CellWeights[][] = [];
  private readonly drop: Dropout;
  private readonly rng: Generator | undefined;
  private readonly bound: number;
  private readonly fastAvailable: boolean;

  protected constructor(
    /** Features per input step. */
    readonly inputSize: number,
    /** Hidden units H. */
    readonly hiddenSize: number,
    gates: number,
    opts: RecurrentOptions & { projSize?: number; peephole?: boolean; fastAvailable: boolean },
  ) {
    super();
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    const proj = opts.projSize ?? 0;
    for (const [k, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', this.numLayers]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${this.typeName}: ${k} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(proj) || proj < 0 || (proj > 0 && proj >= hiddenSize)) {
      throw new ValueError(`${this.typeName}: projSize must be an integer in [0, hiddenSize), got ${proj}`);
    }
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`${this.typeName}: dropout must be in [0, 1], got ${this.dropout}`);
    this.fastAvailable = opts.fastAvailable;
    this.path = opts.path ?? (opts.fastAvailable ? 'fast' : 'slow');
    if (this.path === 'fast' && !opts.fastAvailable) {
      throw new ValueError(`${this.typeName}: the fast path does not cover this configuration (peephole / resetBeforeMatmul); use path 'slow'`);
    }
    this.outSize = proj || hiddenSize;
    this.rng = opts.rng;
    this.bound = 1 / Math.sqrt(hiddenSize);
    this.drop = new Dropout(this.dropout, { rng: opts.rng });
    const G = gates * hiddenSize;
    for (let l = 0; l < this.numLayers; l++) {
      const inSize = l === 0 ? inputSize : this.outSize * this.numDirections;
      const dirs: CellWeights[] = [];
      for (let d = 0; d < this.numDirections; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        // Registration order = PyTorch's state_dict order.
        const w: CellWeights = {
          weightIh: this.param(`weight_ih${sfx}`, [G, inSize]),
          weightHh: this.param(`weight_hh${sfx}`, [G, this.outSize]),
          biasIh: this.bias ? this.param(`bias_ih${sfx}`, [G]) : null,
          biasHh: this.bias ? this.param(`bias_hh${sfx}`, [G]) : null,
        };
        if (proj) w.weightHr = this.param(`weight_hr${sfx}`, [proj, hiddenSize]);
        if (opts.peephole) w.weightCh = this.param(`weight_ch${sfx}`, [3 * hiddenSize, hiddenSize]);
        dirs.push(w);
      }
      this.cellWeights.push(dirs);
    }
  }

  /** 2 when bidirectional, else 1. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  private param(name: string, shape: number[]): Parameter {
    // PyTorch's RNNBase.reset_parameters: every weight U(-1/√H, 1/√H).
    return this.addParameter(name, uniform(shape, -this.bound, this.bound, { rng: this.rng }));
  }

  /** Sizes of the state tensors: `[hiddenOut]`, or `[hiddenOut, H]` for an LSTM. */
  protected abstract stateSizes(): number[];

  /** One step of the reference path on batched tensors: new states from old ones. */
  protected abstract slowStep(x: Tensor, states: Tensor[], w: CellWeights): Tensor[];

  /**
   * The fast path for one layer and direction: every step's states (`[T, B, size]` each) from the
   * layer input (`[T, B, In]`) and the initial states.
   */
  protected abstract fastRun(x: Tensor, states: Tensor[], w: CellWeights): Tensor[];

  /** `x Wᵀ + b` for all T·B rows at once (`[T, B, In]` -> `[T, B, G·H]`). */
  protected projectInputs(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    const [T, B, F] = x.shape as [number, number, number];
    return reshape(linear(reshape(x, [T * B, F]), w, b), [T, B, w.shape[0]!]);
  }

  /** Shared forward: validation, layers, directions, lengths. */
  protected run(input: Tensor, initial: (Tensor | undefined)[], names: string[], opts: RecurrentForwardOptions): Tensor[] {
    const ctx = this.typeName;
    const sizes = this.stateSizes();
    if ((input.rank !== 3 && input.rank !== 2) || input.shape[input.rank - 1] !== this.inputSize) {
      throw new ShapeError('input', input.rank === 2 ? [null, this.inputSize] : [null, null, this.inputSize], input.shape, ctx);
    }
    const unbatched = input.rank === 2;
    const T = input.shape[unbatched ? 0 : this.batchFirst ? 1 : 0]!;
    const B = unbatched ? 1 : input.shape[this.batchFirst ? 0 : 1]!;
    if (T < 1) throw new ShapeError('input', `at least one time step`, input.shape, ctx);
    const LD = this.numLayers * this.numDirections;
    initial.forEach((s, k) => {
      if (!s) return;
      const expected = unbatched ? [LD, sizes[k]!] : [LD, B, sizes[k]!];
      if (s.rank !== expected.length || s.shape.some((d, i) => d !== expected[i])) throw new ShapeError(names[k]!, expected, s.shape, ctx);
    });
    const lengths = resolveLengths(opts.lengths, opts.mask, B, T, ctx);
    const path = opts.path ?? this.path;
    if (path === 'fast' && !this.fastAvailable) {
      throw new ValueError(`${ctx}: the fast path does not cover this configuration; use path 'slow'`);
    }
    this.drop.training = this.training;
    return tidy(() => {
      let x = unbatched ? expandDims(input, 1) : this.batchFirst ? transpose(input, [1, 0, 2]) : input;
      const init = initial.map((s, k) => (s ? (unbatched ? expandDims(s, 1) : s) : zeros([LD, B, sizes[k]!])));
      const mask = lengths ? stepMask(lengths, T) : null;
      const finals: Tensor[][] = sizes.map(() => []);
      for (let l = 0; l < this.numLayers; l++) {
        const outs: Tensor[] = [];
        for (let d = 0; d < this.numDirections; d++) {
          const s0 = init.map((s) => squeeze(slice(s, [l * this.numDirections + d, 0, 0], [1, -1, -1]), [0]));
          const w = this.cellWeights[l]![d]!;
          const { seq, last } =
            path === 'fast' ? this.runFast(x, s0, w, d === 1, lengths) : this.runSlow(x, s0, w, d === 1, mask);
          outs.push(seq);
          last.forEach((t, k) => finals[k]!.push(t));
        }
        let out = outs.length === 2 ? concat(outs, 2) : outs[0]!;
        // Zero the padded steps (PyTorch's pad_packed_sequence output); also keeps them out of the
        // next layer's weight gradients.
        if (mask && path === 'fast') out = mul(out, mask);
        if (l < this.numLayers - 1) out = this.drop.forward(out);
        x = out;
      }
      let output = x;
      if (unbatched) output = squeeze(output, [1]);
      else if (this.batchFirst) output = transpose(output, [1, 0, 2]);
      const states = finals.map((list) => (unbatched ? squeeze(stack(list), [1]) : stack(list)));
      return [output, ...states];
    });
  }

  private runFast(x: Tensor, s0: Tensor[], w: CellWeights, backward: boolean, lengths: number[] | null): { seq: Tensor; last: Tensor[] } {
    const flip = (t: Tensor): Tensor => (lengths ? reverseWithin(t, lengths) : reverse(t, 0));
    const all = this.fastRun(backward ? flip(x) : x, s0, w);
    const T = x.shape[0]!;
    const last = all.map((s) => (lengths ? lastSteps(s, lengths) : squeeze(slice(s, [T - 1, 0, 0], [1, -1, -1]), [0])));
    return { seq: backward ? flip(all[0]!) : all[0]!, last };
  }

  private runSlow(x: Tensor, s0: Tensor[], w: CellWeights, backward: boolean, mask: Tensor | null): { seq: Tensor; last: Tensor[] } {
    const xs = steps(x);
    const masks = mask ? steps(mask) : null;
    const outs: Tensor[] = new Array<Tensor>(xs.length);
    let states = s0;
    for (let k = 0; k < xs.length; k++) {
      const t = backward ? xs.length - 1 - k : k;
      const next = this.slowStep(xs[t]!, states, w);
      const m = masks?.[t];
      if (m) {
        // Padded step: keep the old state (m = 0) and output zeros. m·new + (1 - m)·old is exact
        // for m in {0, 1}.
        const keep = sub(1, m);
        states = next.map((n, i) => add(mul(n, m), mul(states[i]!, keep)));
        outs[t] = mul(next[0]!, m);
      } else {
        states = next;
        outs[t] = next[0]!;
      }
    }
    return { seq: stack(outs), last: states };
  }
}

/**
 * The steps of a `[T, ...]` tensor. Not `unstack` alone: tfjs 4.22's Unpack gradient breaks when
 * there is a single output (T = 1) because the tape hands it a tensor instead of a list.
 */
function steps(x: Tensor): Tensor[] {
  return x.shape[0] === 1 ? [squeeze(x, [0])] : unstack(x);
}
