/**
 * A learning-rate schedule: the learning rate of the update that follows `step` updates (0 for
 * the first update), the same indexing as PyTorch's `LambdaLR` / `StepLR` (`last_epoch`).
 */
export type LrSchedule = (step: number) => number;

function check(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new RangeError(`${name} must be ${expected}, got ${value}`);
}

/** The same learning rate at every step. */
export function constantLr(lr: number): LrSchedule {
  check('constantLr: lr', lr, lr >= 0 && Number.isFinite(lr), 'a finite non-negative number');
  return () => lr;
}

/** Options of {@link noamLr}. */
export interface NoamOptions {
  /** Model width d_model. */
  dModel: number;
  /** Warm-up steps. */
  warmup: number;
  /** Scale (default 1). */
  factor?: number;
}

/**
 * "Attention Is All You Need" (eq. 3): `lr = factor · d_model^-0.5 · min(s^-0.5, s · warmup^-1.5)`
 * with `s = max(step, 1)`: linear warm-up to the peak at `warmup`, then inverse square root decay.
 * Step 0 counts as 1, as in the Annotated Transformer's `rate()` used through `LambdaLR`.
 */
export function noamLr(opts: NoamOptions): LrSchedule {
  const { dModel, warmup } = opts;
  const factor = opts.factor ?? 1;
  check('noamLr: dModel', dModel, dModel > 0, 'positive');
  check('noamLr: warmup', warmup, warmup > 0, 'positive');
  check('noamLr: factor', factor, factor > 0, 'positive');
  return (step) => {
    const s = Math.max(step, 1);
    return factor * (dModel ** -0.5 * Math.min(s ** -0.5, s * warmup ** -1.5));
  };
}

/** Options of {@link cosineWithWarmup}. */
export interface CosineOptions {
  /** Peak learning rate. */
  baseLr: number;
  /** Linear warm-up steps from 0 to `baseLr` (default 0). */
  warmup?: number;
  /** Step at which the cosine reaches its floor; later steps stay there. */
  total: number;
  /** Floor as a fraction of `baseLr` (default 0). */
  minRatio?: number;
}

/**
 * Linear warm-up then half a cosine down to `minRatio · baseLr` at `total` (transformers'
 * `get_cosine_schedule_with_warmup`, plus a floor). With `warmup: 0, minRatio: 0` it equals
 * PyTorch's `CosineAnnealingLR(T_max = total)` for steps 0..total.
 */
export function cosineWithWarmup(opts: CosineOptions): LrSchedule {
  const warmup = opts.warmup ?? 0;
  const minRatio = opts.minRatio ?? 0;
  const { baseLr, total } = opts;
  check('cosineWithWarmup: baseLr', baseLr, baseLr >= 0, 'non-negative');
  check('cosineWithWarmup: warmup', warmup, Number.isInteger(warmup) && warmup >= 0, 'a non-negative integer');
  check('cosineWithWarmup: total', total, Number.isInteger(total) && total > warmup, `an integer greater than warmup (${warmup})`);
  check('cosineWithWarmup: minRatio', minRatio, minRatio >= 0 && minRatio <= 1, 'in [0, 1]');
  return (step) => {
    if (step < warmup) return baseLr * (step / Math.max(1, warmup));
    const progress = Math.min((step - warmup) / Math.max(1, total - warmup), 1);
    return baseLr * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  };
}

/** Options of {@link stepLr}. */
export interface StepOptions {
  baseLr: number;
  /** Decay every this many steps. */
  stepSize: number;
  /** Multiplier per decay (default 0.1). */
  gamma?: number;
}

/** PyTorch's `StepLR`: `baseLr · gamma^floor(step / stepSize)`. */
export function stepLr(opts: StepOptions): LrSchedule {
  const gamma = opts.gamma ?? 0.1;
  check('stepLr: stepSize', opts.stepSize, Number.isInteger(opts.stepSize) && opts.stepSize > 0, 'a positive integer');
  check('stepLr: gamma', gamma, gamma > 0, 'positive');
  return (step) => opts.baseLr * gamma ** Math.floor(step / opts.stepSize);
}
