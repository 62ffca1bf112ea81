import type { Callback, EvalEvent, StepEvent } from '@seqlab/train';
import type { CliIo } from './io.js';

/** `1m05s`, `12s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A text bar `[#####.....]` for a fraction in [0, 1]. */
export function bar(fraction: number, width = 24): string {
  const n = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`;
}

/** One progress line: step, epoch, smoothed loss, tokens/s and ETA. */
export function progressLine(e: StepEvent, maxSteps: number, smoothLoss: number): string {
  const eta = e.etaMs === null ? '' : `  ETA ${formatDuration(e.etaMs)}`;
  return `${bar(e.step / maxSteps)} step ${e.step}/${maxSteps}  epoch ${e.epoch + 1}  loss ${smoothLoss.toFixed(4)}  ${Math.round(e.tokensPerSecond)} tok/s${eta}`;
}

/**
 * Training progress for the terminal: on a TTY one line redrawn in place (`\r`) after every
 * update; otherwise (CI, pipes, files) a plain line every `every` updates. Evaluations always
 * get their own line. The loss shown is an exponential moving average (the raw per-batch loss
 * jumps too much to read).
 */
export class ProgressPrinter implements Callback {
  private smooth: number | null = null;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly maxSteps: number,
    private readonly every: number,
  ) {}

  onStep(e: StepEvent): void {
    this.smooth = this.smooth === null ? e.loss : 0.95 * this.smooth + 0.05 * e.loss;
    const line = progressLine(e, this.maxSteps, this.smooth);
    if (this.io.isTTY) {
      this.io.err(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else if (e.step === 1 || e.step % this.every === 0 || e.step === this.maxSteps) {
      this.io.err(`${line}\n`);
    }
  }

  onEval(e: EvalEvent): void {
    this.endLine();
    const parts = Object.entries(e.metrics).map(([k, v]) => `${k} ${formatMetric(v)}`);
    this.io.err(`  eval @ step ${e.step}: ${parts.join('  ')}\n`);
  }

  onTrainEnd(): void {
    this.endLine();
  }

  /** Ends a redrawn line so that the next message starts on its own line. */
  endLine(): void {
    if (this.drawn) this.io.err('\n');
    this.drawn = false;
  }
}

/** A metric for humans: 4 significant decimals. */
export function formatMetric(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

/**
 * Evaluation progress: `[####....] translated 640/1397` redrawn on a TTY, a plain line at every
 * quarter otherwise; `done === total` ends the line.
 */
export function evalProgress(io: CliIo, what: string): (done: number, total: number) => void {
  let lastQuarter = -1;
  return (done, total) => {
    const line = `${bar(done / total)} ${what} ${done}/${total}`;
    if (io.isTTY) io.err(`\r\x1b[2K${line}${done === total ? '\n' : ''}`);
    else {
      const q = Math.floor((4 * done) / total);
      if (q !== lastQuarter) io.err(`${line}\n`);
      lastQuarter = q;
    }
  };
}
