import { ValueError } from '@seqlab/core';
import type { Callback, EvalEvent, TrainerLike } from '../events.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** Metric of the evaluation to watch (default `'loss'`). */
  monitor?: string;
  /** `'min'` (default) for losses, `'max'` for accuracy / BLEU. */
  mode?: 'min' | 'max';
  /** Evaluations without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as improvement (default 0). */
  minDelta?: number;
}

/**
 * Stops training when an evaluation metric has not improved for `patience` evaluations. Its
 * state (best value, waits) is saved in checkpoints, so a resumed run stops at the same step.
 */
export class EarlyStopping implements Callback {
  readonly name = 'earlyStopping';
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  /** Best value so far (null before the first evaluation). */
  best: number | null = null;
  /** Step of the best value. */
  bestStep = 0;
  /** Evaluations since the last improvement. */
  wait = 0;

  constructor(opts: EarlyStoppingOptions = {}) {
    this.monitor = opts.monitor ?? 'loss';
    this.mode = opts.mode ?? 'min';
    this.patience = opts.patience ?? 3;
    this.minDelta = opts.minDelta ?? 0;
    if (!(Number.isInteger(this.patience) && this.patience > 0)) throw new ValueError(`EarlyStopping: patience must be a positive integer, got ${opts.patience}`);
    if (!(this.minDelta >= 0)) throw new ValueError(`EarlyStopping: minDelta must be non-negative, got ${opts.minDelta}`);
  }

  onEval(event: EvalEvent, trainer: TrainerLike): void {
    const value = event.metrics[this.monitor];
    if (value === undefined) {
      throw new ValueError(`EarlyStopping: evaluation has no metric '${this.monitor}' (it has: ${Object.keys(event.metrics).join(', ') || 'none'})`);
    }
    const better = this.best === null || (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (better) {
      this.best = value;
      this.bestStep = event.step;
      this.wait = 0;
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      trainer.stop(`early stopping at step ${event.step}: ${this.monitor} did not improve for ${this.patience} evaluations (best ${this.best} at step ${this.bestStep})`);
    }
  }

  state(): unknown {
    return { best: this.best, bestStep: this.bestStep, wait: this.wait };
  }

  loadState(s: unknown): void {
    const st = s as { best: number | null; bestStep: number; wait: number };
    this.best = st.best;
    this.bestStep = st.bestStep;
    this.wait = st.wait;
  }
}
