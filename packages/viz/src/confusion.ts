import type { TopLevelSpec } from 'vega-lite';
import { matrix, positive, strings } from './check.js';

/** Input of {@link confusionSpec}. */
export interface ConfusionInput {
  /** Class names, in the order of the matrix's rows and columns. */
  labels: readonly string[];
  /** `matrix[i][j]`: how many examples of class i were predicted as class j (non-negative). */
  matrix: readonly (readonly number[])[];
  /** Divide each row by its sum, as the PyTorch classification tutorial does (default true). */
  normalize?: boolean;
  /** Chart title (default none). */
  title?: string;
  /** Side of one cell in pixels (default 22). */
  cellSize?: number;
}

const FN = 'confusionSpec';

/**
 * The confusion matrix of a classifier as in the PyTorch char-RNN classification tutorial: true
 * class down the side (y), predicted class along the top (x, labels rotated 90 degrees), each
 * row divided by its sum so the diagonal reads as per-class recall, viridis colours (matplotlib's
 * default) with a colour bar. A row without examples stays all zero rather than NaN. With
 * `normalize: false` the colours show raw counts. Tooltips give both count and fraction.
 */
export function confusionSpec(input: ConfusionInput): TopLevelSpec {
  if (typeof input !== 'object' || input === null) throw new TypeError(`${FN}: expected an object {labels, matrix}, got ${String(input)}`);
  const labels = strings(FN, 'labels', input.labels);
  const seen = new Map<string, number>();
  labels.forEach((l, i) => {
    if (seen.has(l)) throw new RangeError(`${FN}: labels must be distinct, "${l}" is at ${seen.get(l)} and ${i}`);
    seen.set(l, i);
  });
  const m = matrix(FN, 'matrix', input.matrix, labels.length, labels.length);
  m.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v < 0) throw new RangeError(`${FN}: matrix[${i}][${j}] must be a non-negative count, got ${v}`);
    }),
  );
  const normalize = input.normalize ?? true;
  const cell = positive(FN, 'cellSize', input.cellSize) ?? 22;
  const values = m.flatMap((row, i) => {
    const sum = row.reduce((s, v) => s + v, 0);
    return row.map((count, j) => ({
      i,
      j,
      actual: labels[i]!,
      predicted: labels[j]!,
      count,
      fraction: sum > 0 ? count / sum : 0,
    }));
  });
  const maxCount = Math.max(1, ...values.map((v) => v.count));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(input.title !== undefined ? { title: input.title } : {}),
    width: labels.length * cell,
    height: labels.length * cell,
    data: { values },
    mark: 'rect',
    encoding: {
      x: {
        field: 'predicted',
        type: 'nominal',
        title: 'predicted',
        sort: labels,
        axis: { orient: 'top', labelAngle: -90 },
      },
      y: { field: 'actual', type: 'nominal', title: 'actual', sort: labels },
      color: {
        field: normalize ? 'fraction' : 'count',
        type: 'quantitative',
        title: null,
        scale: { scheme: 'viridis', domain: normalize ? [0, 1] : [0, maxCount] },
      },
      tooltip: [
        { field: 'actual', type: 'nominal' },
        { field: 'predicted', type: 'nominal' },
        { field: 'count', type: 'quantitative' },
        { field: 'fraction', type: 'quantitative', format: '.3f' },
      ],
    },
  };
}
