import { Optimizer, tidy, zerosLike, engine, type Tensor, type NamedTensorMap, type Variable } from '@tensorflow/tfjs-core';
import { ValueError } from '@seqlab/core';
import { fusedAdamAvailable, fusedAdamStep, type AdamStepConstants } from './adamw-kernel.js';
import { adamStepOps } from './adamw-ops.js';

/** Options of {@link AdamW}, with `torch.optim.AdamW`'s defaults. */
export interface AdamWOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** β1 (default 0.9). */
  beta1?: number;
  /** β2 (default 0.999). */
  beta2?: number;
  /** ε added to the denominator (default 1e-8). */
  eps?: number;
  /** Decoupled weight decay λ (default 1e-2): `p ← p·(1 - lr·λ)` before the Adam step. */
  weightDecay?: number;
}

/** A named tensor, as tfjs optimizers' `getWeights` returns them. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

interface Slot {
  originalName: string;
  variable: Variable;
}

/**
 * AdamW (Loshchilov & Hutter), step for step `torch.optim.AdamW` (PyTorch 1.13, non-amsgrad):
 * decoupled decay `p ← p(1 - lr·λ)`, moments `m ← β1 m + (1-β1) g`, `v ← β2 v + (1-β2) g²`, then
 * `p ← p - (lr / (1-β1^t)) · m / (√v / √(1-β2^t) + ε)`. Bias corrections are computed on the host
 * in float64 from the step count, as PyTorch does, so a restored optimizer continues bit for bit.
 *
 * A tfjs `Optimizer`: use it with `minimize`, `applyGradients`, and `getWeights` /
 * `setWeights` (moments are matched to variables by position, like tfjs's own Adam).
 *
 * On the wasm backend (with SIMD) each variable's update is one fused WebAssembly kernel that
 * reads p, m, v, g once and writes p', m', v' (the same float32 operations in the same order as
 * the tfjs ops used elsewhere; see {@link useFusedAdamKernel}).
 */
export class AdamW extends Optimizer {
  /** Learning rate; a schedule may change it between steps. */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private m: Slot[] = [];
  private v: Slot[] = [];

  static get className(): string {
    return 'AdamW';
  }

  /** The name in error messages (a subclass sets its own). @internal */
  protected static readonly label: string = 'AdamW';

  private get label(): string {
    return (this.constructor as typeof AdamW).label;
  }

  constructor(opts: AdamWOptions = {}) {
    super();
    this.learningRate = opts.lr ?? 1e-3;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 1e-2;
    const bad = (name: string, v: number, ok: boolean, exp: string) => {
      if (!ok) throw new ValueError(`${this.label}: ${name} must be ${exp}, got ${v}`);
    };
    bad('lr', this.learningRate, this.learningRate >= 0, 'non-negative');
    bad('beta1', this.beta1, this.beta1 >= 0 && this.beta1 < 1, 'in [0, 1)');
    bad('beta2', this.beta2, this.beta2 >= 0 && this.beta2 < 1, 'in [0, 1)');
    bad('eps', this.eps, this.eps >= 0, 'non-negative');
    bad('weightDecay', this.weightDecay, this.weightDecay >= 0, 'non-negative');
  }

  /** Applies one AdamW update with these gradients (keys: variable names). */
  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const list: [string, NamedTensor['tensor'] | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const step = this.iterations + 1;
    const lr = this.learningRate;
    const bc1 = 1 - this.beta1 ** step;
    const bc2Sqrt = Math.sqrt(1 - this.beta2 ** step);
    const c: AdamStepConstants = {
      beta1: this.beta1,
      beta2: this.beta2,
      oneMinusBeta1: 1 - this.beta1,
      oneMinusBeta2: 1 - this.beta2,
      decay: 1 - lr * this.weightDecay,
      stepSize: lr / bc1,
      bc2Sqrt,
      eps: this.eps,
    };
    const registry = engine().registeredVariables as Record<string, Variable>;
    list.forEach(([name, grad], i) => {
      const value = registry[name];
      if (!value) throw new ValueError(`${this.label}: no variable named '${name}' is registered`);
      if (!this.m[i]) this.m[i] = { originalName: `${name}/m`, variable: tidy(() => zerosLike(value).variable(false)) };
      if (!this.v[i]) this.v[i] = { originalName: `${name}/v`, variable: tidy(() => zerosLike(value).variable(false)) };
      if (grad == null) return;
      const m = this.m[i]!.variable;
      const v = this.v[i]!.variable;
      tidy(() => {
        const [newValue, newM, newV] = fusedAdamAvailable(value, m, v, grad) ? fusedAdamStep(value, m, v, grad, c) : adamStepOps(value, m, v, grad, c);
        // New tensors assigned, not the variables' buffers written: see adamw-kernel.ts.
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const s of [...this.m, ...this.v]) s?.variable.dispose();
    this.m = [];
    this.v = [];
  }

  /** `[iter, ...m, ...v]`, as tfjs's Adam lays out its weights. The `iter` tensor is new; the rest are owned by the optimizer. */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.m, ...this.v];
    return [await this.saveIterations(), ...slots.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  /** Restores {@link AdamW.getWeights}' output (copies the tensors; the caller keeps ownership). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length % 2 !== 0) throw new ValueError(`${this.label}.setWeights: expected iter + 2·N moment tensors, got ${weightValues.length} tensors`);
    this.dispose();
    const n = rest.length / 2;
    const slot = (w: NamedTensor): Slot => ({ originalName: w.name, variable: tidy(() => w.tensor.clone().variable(false)) });
    this.m = rest.slice(0, n).map(slot);
    this.v = rest.slice(n).map(slot);
  }

  getConfig() {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay };
  }
}

