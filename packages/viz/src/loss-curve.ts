import type { TopLevelSpec } from 'vega-lite';
import { array, finite, positive } from './check.js';

/** One logged point of a loss curve. */
export interface LossPoint {
  /** Training step (or epoch): the x axis. */
  step: number;
  /** The loss at that step: the y axis. */
  loss: number;
}

/** Input of {@link lossCurveSpec}. */
export interface LossCurveInput {
  /** The training loss, one point per logged step (at least one). */
  train: readonly LossPoint[];
  /** The held-out loss, usually logged less often (drawn with points as well as a line). */
  validation?: readonly LossPoint[];
  /** Chart title (default `'Loss'`). */
  title?: string;
  /** x axis title (default `'step'`). */
  xTitle?: string;
  /** Log-scale y axis, for losses that fall by orders of magnitude (default false). */
  logScale?: boolean;
  /** Plot width and height in pixels (default 480 x 280). */
  width?: number;
  height?: number;
}

const FN = 'lossCurveSpec';

function points(path: string, value: unknown, split: string): { step: number; loss: number; split: string }[] {
  return array<unknown>(FN, path, value).map((p, i) => {
    if (typeof p !== 'object' || p === null) throw new TypeError(`${FN}: ${path}[${i}] must be a {step, loss} object, got ${String(p)}`);
    const { step, loss } = p as Record<string, unknown>;
    return { step: finite(FN, `${path}[${i}].step`, step), loss: finite(FN, `${path}[${i}].loss`, loss), split };
  });
}

/**
 * A Vega-Lite line chart of the training loss (and the validation loss when given) against the
 * step, one colour per split, as the PyTorch tutorials' `showPlot(plot_losses)`. NaN or
 * infinite values throw (naming the point): filter a diverged run's points before plotting.
 */
export function lossCurveSpec(input: LossCurveInput): TopLevelSpec {
  if (typeof input !== 'object' || input === null) throw new TypeError(`${FN}: expected an object {train, validation?}, got ${String(input)}`);
  const values = points('train', input.train, 'train');
  if (input.validation !== undefined) values.push(...points('validation', input.validation, 'validation'));
  const logScale = input.logScale ?? false;
  if (logScale) {
    const bad = values.find((v) => v.loss <= 0);
    if (bad) throw new RangeError(`${FN}: logScale needs positive losses, got ${bad.loss} (${bad.split} step ${bad.step})`);
  }
  const splits = input.validation !== undefined ? ['train', 'validation'] : ['train'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title ?? 'Loss',
    width: positive(FN, 'width', input.width) ?? 480,
    height: positive(FN, 'height', input.height) ?? 280,
    data: { values },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: input.xTitle ?? 'step' },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: logScale ? { type: 'log' } : { zero: false } },
      color: { field: 'split', type: 'nominal', title: null, scale: { domain: splits, range: ['#1f77b4', '#ff7f0e'] } },
      tooltip: [
        { field: 'split', type: 'nominal' },
        { field: 'step', type: 'quantitative' },
        { field: 'loss', type: 'quantitative', format: '.4f' },
      ],
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5 } },
      // Validation is logged sparsely: mark its points so single evaluations are visible.
      { mark: { type: 'point', filled: true, size: 30 }, transform: [{ filter: "datum.split === 'validation'" }] },
    ],
  };
}
