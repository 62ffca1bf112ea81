import { add, dispose, mul, tidy, variableGrads, type NamedTensorMap, type Optimizer, type Scalar } from '@tensorflow/tfjs-core';
import { Generator, ValueError, type Module } from '@seqlab/core';
import { restoreCheckpoint, serializeCheckpoint } from './checkpoint.js';
import { clipGradNorm } from './clip.js';
import { NonFiniteError } from './errors.js';
import type { Callback, EvalEvent, FitResult, StepContext, StepEvent, TrainerLike } from './events.js';
import { getLearningRate, setLearningRate } from './optim/lr.js';
import type { LrSchedule } from './schedules.js';

/** What a loss function returns: the scalar loss, optionally with the number of tokens it covers. */
export type LossOutput = Scalar | { loss: Scalar; tokens?: number };

/**
 * Computes the loss of one batch. Called inside `tf.variableGrads`: build the forward pass with
 * tensors, return a scalar; intermediates are freed by the trainer.
 */
export type LossFn<B> = (batch: B, ctx: StepContext) => LossOutput;

/** Options of {@link Trainer}. */
export interface TrainerOptions<B> {
  model: Module;
  loss: LossFn<B>;
  /** A tfjs optimizer (`tf.train.sgd`, `momentum`, `adam`, ...) or {@link AdamW}. */
  optimizer: Optimizer;
  /** Learning rate per update (overrides the optimizer's). */
  schedule?: LrSchedule;
  /** Clip the global gradient norm to this (`clip_grad_norm_`). */
  clipNorm?: number;
  /** Micro-batches per update (gradient accumulation, default 1). Losses are averaged. */
  accumulate?: number;
  /** Seed of the trainer's generator (default 0). */
  seed?: number | string;
  callbacks?: Callback[];
  /** Tokens in a batch, for tokens/s (when the loss function does not report them). */
  tokensOf?: (batch: B) => number;
  /** Evaluation: mean loss over `batches()` (as `loss`) plus `metrics()`, every `every` updates. */
  evaluate?: {
    every: number;
    batches?: () => Iterable<B> | AsyncIterable<B>;
    metrics?: (model: Module) => Record<string, number> | Promise<Record<string, number>>;
  };
}

/** Options of {@link Trainer.fit}. */
export interface FitOptions<B> {
  /**
   * The batches of an epoch. Must be deterministic in `epoch` (e.g. shuffle with seed + epoch):
   * resuming replays the epoch and skips the batches already consumed.
   */
  data: (epoch: number) => Iterable<B> | AsyncIterable<B>;
  /** Stop after this many updates in total (counting those before a resume). */
  maxSteps?: number;
  /** Stop after this many epochs in total (default: unbounded; give `maxSteps` or `epochs`). */
  epochs?: number;
}

/**
 * A training loop over (model, loss function, optimizer) with LR schedules, gradient clipping,
 * accumulation, evaluation, callbacks, NaN/Inf detection and exact checkpoint resume.
 *
 * Determinism: every random choice goes through {@link Trainer.rng} (seeded, saved in
 * checkpoints); given deterministic data per epoch, a resumed run reproduces the loss curve of an
 * uninterrupted run bit for bit on the same backend.
 */
export class Trainer<B> implements TrainerLike {
  /** Updates applied so far. */
  step = 0;
  /** Epoch in progress. */
  epoch = 0;
  /** Micro-batches of the current epoch already consumed. */
  position = 0;
  /** The trainer's seeded generator. */
  rng: Generator;
  private stopMessage: string | null = null;
  private readonly callbacks: Callback[];
  private readonly accumulate: number;

  constructor(readonly options: TrainerOptions<B>) {
    this.rng = new Generator(options.seed ?? 0);
    this.callbacks = options.callbacks ?? [];
    this.accumulate = options.accumulate ?? 1;
    if (!(Number.isInteger(this.accumulate) && this.accumulate > 0)) throw new ValueError(`Trainer: accumulate must be a positive integer, got ${options.accumulate}`);
    if (options.clipNorm !== undefined && !(options.clipNorm > 0)) throw new ValueError(`Trainer: clipNorm must be positive, got ${options.clipNorm}`);
    if (options.evaluate && !(Number.isInteger(options.evaluate.every) && options.evaluate.every > 0)) {
      throw new ValueError(`Trainer: evaluate.every must be a positive integer, got ${options.evaluate.every}`);
    }
    const names = this.callbacks.filter((c) => c.state).map((c) => c.name);
    if (names.some((n) => !n) || new Set(names).size !== names.length) {
      throw new ValueError('Trainer: callbacks with state must have distinct names');
    }
  }

  /** Requests a stop after the current update. */
  stop(message: string): void {
    this.stopMessage = message;
  }

  private ctx(training: boolean): StepContext {
    return { step: this.step, epoch: this.epoch, rng: this.rng, training };
  }

  /** Trains until `maxSteps` updates, `epochs` epochs, or a stop request. */
  async fit(opts: FitOptions<B>): Promise<FitResult> {
    const { maxSteps, epochs } = opts;
    if (maxSteps === undefined && epochs === undefined) throw new ValueError('Trainer.fit: give maxSteps or epochs');
    if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 0)) throw new ValueError(`Trainer.fit: maxSteps must be a non-negative integer, got ${maxSteps}`);
    if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 0)) throw new ValueError(`Trainer.fit: epochs must be a non-negative integer, got ${epochs}`);
    const { model, optimizer } = this.options;
    this.stopMessage = null;
    const losses: number[] = [];
    const t0 = now();
    const startStep = this.step;
    let tokensTotal = 0;
    let reason: FitResult['reason'] = 'epochs';
    for (const cb of this.callbacks) await cb.onTrainBegin?.(this);
    model.train();

    let acc: NamedTensorMap | null = null;
    let micro = 0;
    let lossSum = 0;
    let tokens = 0;
    const update = async (): Promise<void> => {
      const grads0 = acc!;
      acc = null;
      // Micro-batch losses were scaled by 1/accumulate: their sum is the mean of a full group.
      // A short group at the end of an epoch reports the mean of the micro-batches it had.
      const loss = micro === this.accumulate ? lossSum : (lossSum * this.accumulate) / micro;
      const stepNo = this.step + 1;
      if (!Number.isFinite(loss)) {
        dispose(Object.values(grads0));
        throw new NonFiniteError(stepNo, 'loss', loss, this.epoch);
      }
      const lr = this.options.schedule ? this.options.schedule(this.step) : getLearningRate(optimizer);
      if (this.options.schedule) setLearningRate(optimizer, lr);
      let grads = grads0;
      let gradNorm: number | undefined;
      if (this.options.clipNorm !== undefined) {
        const clipped = await clipGradNorm(grads0, this.options.clipNorm);
        dispose(Object.values(grads0));
        grads = clipped.grads;
        gradNorm = clipped.totalNorm;
        if (!Number.isFinite(gradNorm)) {
          dispose(Object.values(grads));
          throw new NonFiniteError(stepNo, 'gradient norm', gradNorm, this.epoch);
        }
      }
      optimizer.applyGradients(grads);
      dispose(Object.values(grads));
      this.step = stepNo;
      losses.push(loss);
      tokensTotal += tokens;
      const elapsedMs = now() - t0;
      const done = this.step - startStep;
      const event: StepEvent = {
        step: this.step,
        epoch: this.epoch,
        loss,
        lr,
        tokens,
        tokensPerSecond: elapsedMs > 0 ? (tokensTotal * 1000) / elapsedMs : 0,
        elapsedMs,
        etaMs: maxSteps !== undefined && done > 0 ? (elapsedMs / done) * (maxSteps - this.step) : null,
      };
      if (gradNorm !== undefined) event.gradNorm = gradNorm;
      micro = 0;
      lossSum = 0;
      tokens = 0;
      for (const cb of this.callbacks) await cb.onStep?.(event, this);
      const ev = this.options.evaluate;
      if (ev && this.step % ev.every === 0) await this.runEvaluation();
    };

    try {
      outer: while (epochs === undefined || this.epoch < epochs) {
        if (maxSteps !== undefined && this.step >= maxSteps) {
          reason = 'maxSteps';
          break;
        }
        let index = 0;
        let seen = 0;
        for await (const batch of opts.data(this.epoch)) {
          seen++;
          if (index++ < this.position) continue; // resume: skip what was consumed
          const { value, grads, tokens: tk } = await this.microStep(batch);
          this.position++;
          micro++;
          lossSum += value;
          tokens += tk;
          if (acc === null) acc = grads;
          else {
            const prev: NamedTensorMap = acc;
            acc = tidy(() => {
              const m: NamedTensorMap = {};
              for (const k of Object.keys(prev)) m[k] = grads[k] ? add(prev[k]!, grads[k]!) : prev[k]!.clone();
              return m;
            });
            dispose([...Object.values(prev), ...Object.values(grads)]);
          }
          if (micro === this.accumulate) {
            await update();
            if (this.stopMessage !== null) {
              reason = 'stopped';
              break outer;
            }
            if (maxSteps !== undefined && this.step >= maxSteps) {
              reason = 'maxSteps';
              break outer;
            }
          }
        }
        if (seen === 0) throw new ValueError(`Trainer.fit: data(${this.epoch}) yielded no batches`);
        // A partial accumulation group at the end of an epoch is applied as it is.
        if (micro > 0) {
          await update();
          if (this.stopMessage !== null) reason = 'stopped';
        }
        this.epoch++;
        this.position = 0;
        if (reason === 'stopped') break;
      }
      if (reason === 'epochs' && maxSteps !== undefined && this.step >= maxSteps) reason = 'maxSteps';
    } finally {
      const left = acc as NamedTensorMap | null;
      if (left) dispose(Object.values(left));
    }
    const result: FitResult = { step: this.step, epoch: this.epoch, losses, reason };
    if (this.stopMessage !== null) result.message = this.stopMessage;
    for (const cb of this.callbacks) await cb.onTrainEnd?.(result, this);
    return result;
  }

  /** Loss and gradients of one micro-batch, the loss scaled by 1/accumulate. */
  private async microStep(batch: B): Promise<{ value: number; grads: NamedTensorMap; tokens: number }> {
    const vars = this.options.model.trainableParameters();
    if (vars.length === 0) throw new ValueError('Trainer: the model has no trainable parameters');
    let tokens = this.options.tokensOf?.(batch) ?? 0;
    const scale = 1 / this.accumulate;
    const { value, grads } = variableGrads(() => {
      const out = this.options.loss(batch, this.ctx(true));
      const loss = 'loss' in out && !('dtype' in out) ? out.loss : (out as Scalar);
      if (!('dtype' in out) && out.tokens !== undefined) tokens = out.tokens;
      if (loss.rank !== 0) throw new ValueError(`Trainer: the loss function must return a scalar, got shape [${loss.shape.join(', ')}]`);
      return (this.accumulate === 1 ? loss : mul(loss, scale)) as Scalar;
    }, vars);
    const v = (await value.data())[0]!;
    value.dispose();
    return { value: v, grads, tokens };
  }

  /** Mean loss over `evaluate.batches()` in eval mode (no gradients), plus `evaluate.metrics`. */
  async evaluateNow(): Promise<Record<string, number>> {
    const ev = this.options.evaluate;
    const { model } = this.options;
    const metrics: Record<string, number> = {};
    model.eval();
    try {
      if (ev?.batches) {
        let sum = 0;
        let n = 0;
        for await (const batch of ev.batches()) {
          const t = tidy(() => {
            const out = this.options.loss(batch, this.ctx(false));
            return 'dtype' in out ? out : out.loss;
          });
          sum += (await t.data())[0]!;
          t.dispose();
          n++;
        }
        if (n > 0) metrics.loss = sum / n;
      }
      if (ev?.metrics) Object.assign(metrics, await ev.metrics(model));
    } finally {
      model.train();
    }
    return metrics;
  }

  private async runEvaluation(): Promise<void> {
    const metrics = await this.evaluateNow();
    const event: EvalEvent = { step: this.step, epoch: this.epoch, metrics };
    for (const cb of this.callbacks) await cb.onEval?.(event, this);
  }

  /** The full training state (weights, optimizer slots, RNG, step, data position, callback state). */
  async saveCheckpoint(): Promise<Uint8Array> {
    const callbacks: Record<string, unknown> = {};
    for (const cb of this.callbacks) if (cb.state && cb.name) callbacks[cb.name] = cb.state();
    return serializeCheckpoint(this.options.model, this.options.optimizer, {
      step: this.step,
      epoch: this.epoch,
      position: this.position,
      rng: this.rng.state(),
      callbacks,
    });
  }

  /** Restores {@link Trainer.saveCheckpoint} into this trainer's (fresh) model and optimizer; `fit` then continues. */
  async loadCheckpoint(bytes: Uint8Array): Promise<void> {
    const s = await restoreCheckpoint(bytes, this.options.model, this.options.optimizer);
    this.step = s.step;
    this.epoch = s.epoch;
    this.position = s.position;
    this.rng = Generator.fromState(s.rng);
    for (const cb of this.callbacks) if (cb.loadState && cb.name && cb.name in s.callbacks) cb.loadState(s.callbacks[cb.name]);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
