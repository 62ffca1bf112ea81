import type { Callback, EvalEvent, FitResult, StepEvent, TextWriter } from '../events.js';

/**
 * Writes one JSON object per line for every update (`{"type":"step",...}`), evaluation
 * (`{"type":"eval",...}`) and the end of training, through a {@link TextWriter} (in Node:
 * `jsonlFileWriter` from `@seqlab/train/node`; in a browser: anything with `write(line)`).
 */
export class JsonlLogger implements Callback {
  constructor(
    private readonly writer: TextWriter,
    /** Log every n-th update only (default 1). Evaluations and the end are always logged. */
    private readonly every = 1,
  ) {}

  async onStep(e: StepEvent): Promise<void> {
    if (e.step % this.every === 0) await this.writer.write(`${JSON.stringify({ type: 'step', ...e })}\n`);
  }

  async onEval(e: EvalEvent): Promise<void> {
    await this.writer.write(`${JSON.stringify({ type: 'eval', ...e })}\n`);
  }

  async onTrainEnd(r: FitResult): Promise<void> {
    await this.writer.write(`${JSON.stringify({ type: 'end', step: r.step, epoch: r.epoch, reason: r.reason, message: r.message })}\n`);
  }
}

/** Calls `fn` after every update: progress bars, console output. */
export function onProgress(fn: (e: StepEvent) => void | Promise<void>): Callback {
  return { onStep: (e) => fn(e) };
}

/** Formats a step event as a short progress line: `step 120/1000 loss 2.3456 lr 1.0e-3 512 tok/s ETA 1m12s`. */
export function formatProgress(e: StepEvent, maxSteps?: number): string {
  const eta = e.etaMs === null ? '' : ` ETA ${formatDuration(e.etaMs)}`;
  return `step ${e.step}${maxSteps ? `/${maxSteps}` : ''} loss ${e.loss.toFixed(4)} lr ${e.lr.toExponential(1)} ${Math.round(e.tokensPerSecond)} tok/s${eta}`;
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
