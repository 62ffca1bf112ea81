import type { Generator } from '@seqlab/core';

/** What the loss function learns about the current step. */
export interface StepContext {
  /** Updates applied so far (0 during the first update). */
  step: number;
  /** Current epoch (0-based). */
  epoch: number;
  /** The trainer's seeded generator (teacher forcing, dropout seeds); saved in checkpoints. */
  rng: Generator;
  /** True in training, false in evaluation. */
  training: boolean;
}

/** Emitted after every optimizer update. */
export interface StepEvent {
  /** Updates applied so far, this one included (1 after the first update). */
  step: number;
  epoch: number;
  /** Mean loss of the micro-batches of this update. */
  loss: number;
  /** Learning rate used for this update. */
  lr: number;
  /** Global gradient norm before clipping (only when `clipNorm` is set). */
  gradNorm?: number;
  /** Tokens in this update (from the loss function or `tokensOf`; 0 if unknown). */
  tokens: number;
  /** Tokens per second over this run of `fit`. */
  tokensPerSecond: number;
  /** Milliseconds since this `fit` started. */
  elapsedMs: number;
  /** Estimated milliseconds to `maxSteps`, or null when no `maxSteps` was given. */
  etaMs: number | null;
}

/** Emitted after each evaluation. */
export interface EvalEvent {
  step: number;
  epoch: number;
  /** `loss` (mean validation loss) plus whatever `evaluate.metrics` returned. */
  metrics: Record<string, number>;
}

/** Why `fit` returned. */
export type StopReason = 'maxSteps' | 'epochs' | 'stopped';

/** What `fit` returns. */
export interface FitResult {
  /** Updates applied in total (across resumes). */
  step: number;
  epoch: number;
  /** Loss of each update made by this call, in order. */
  losses: number[];
  reason: StopReason;
  /** The message given to `Trainer.stop` (early stopping), if any. */
  message?: string;
}

/** Hooks into training. Every method is optional and may be async. */
export interface Callback {
  /** Key of this callback's state in checkpoints (needed for `state` / `loadState`). */
  readonly name?: string;
  onTrainBegin?(trainer: TrainerLike): void | Promise<void>;
  onStep?(event: StepEvent, trainer: TrainerLike): void | Promise<void>;
  onEval?(event: EvalEvent, trainer: TrainerLike): void | Promise<void>;
  onTrainEnd?(result: FitResult, trainer: TrainerLike): void | Promise<void>;
  /** JSON-serialisable state saved in checkpoints (e.g. early stopping's best value). */
  state?(): unknown;
  /** Restores {@link Callback.state}. */
  loadState?(state: unknown): void;
}

/** What callbacks may call on the trainer. */
export interface TrainerLike {
  readonly step: number;
  readonly epoch: number;
  /** Requests a stop after the current update; `fit` returns with reason `'stopped'`. */
  stop(message: string): void;
  /** The full training state as checkpoint bytes (safetensors). */
  saveCheckpoint(): Promise<Uint8Array>;
}

/** Where a line of text goes (a file, the console, an array in tests). */
export interface TextWriter {
  write(line: string): void | Promise<void>;
}
