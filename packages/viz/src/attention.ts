import type { TopLevelSpec } from 'vega-lite';
import { matrix, positive, strings } from './check.js';

/** Input of {@link attentionSpec}. */
export interface AttentionInput {
  /** Source tokens (x axis, left to right), e.g. the input words plus `<EOS>`. */
  source: readonly string[];
  /** Output tokens (y axis, top to bottom), one per decoding step. */
  output: readonly string[];
  /** `weights[i][j]`: attention of output step i on source position j, `[output.length][source.length]`. */
  weights: readonly (readonly number[])[];
  /** Chart title (default none). */
  title?: string;
  /** Side of one cell in pixels (default 24). */
  cellSize?: number;
}

const FN = 'attentionSpec';

// matplotlib's 'bone' colormap (the notebook's `cmap='bone'`) at its anchor points 0, 0.375, 0.75, 1.
const BONE = ['#000000', '#525270', '#a6c6c6', '#ffffff'];

/** A Vega expression that maps an axis value (the token index) to its token text. */
function labelsByIndex(tokens: readonly string[]): string {
  return `${JSON.stringify(tokens)}[datum.value]`;
}

/**
 * The attention heat-map of one translation, like `showAttention` in the PyTorch seq2seq
 * notebook: source tokens along the top (x, labels rotated 90 degrees), output tokens down the
 * side (y), one cell per weight in the 'bone' colours (black 0 -> white 1), with a colour bar.
 *
 * Cells are keyed by position, not by token text, so a token that occurs twice ("the ... the")
 * gets two columns. The colour scale spans [0, 1] unless a weight lies outside it.
 */
export function attentionSpec(input: AttentionInput): TopLevelSpec {
  if (typeof input !== 'object' || input === null) throw new TypeError(`${FN}: expected an object {source, output, weights}, got ${String(input)}`);
  const source = strings(FN, 'source', input.source);
  const output = strings(FN, 'output', input.output);
  const weights = matrix(FN, 'weights', input.weights, output.length, source.length);
  const cell = positive(FN, 'cellSize', input.cellSize) ?? 24;
  const values: { i: number; j: number; output: string; source: string; weight: number }[] = [];
  let lo = 0;
  let hi = 1;
  weights.forEach((row, i) =>
    row.forEach((w, j) => {
      lo = Math.min(lo, w);
      hi = Math.max(hi, w);
      values.push({ i, j, output: output[i]!, source: source[j]!, weight: w });
    }),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(input.title !== undefined ? { title: input.title } : {}),
    width: source.length * cell,
    height: output.length * cell,
    data: { values },
    mark: 'rect',
    encoding: {
      x: {
        field: 'j',
        type: 'ordinal',
        title: null,
        scale: { domain: source.map((_, j) => j) },
        axis: { orient: 'top', labelAngle: -90, labelExpr: labelsByIndex(source), labelPadding: 4 },
      },
      y: {
        field: 'i',
        type: 'ordinal',
        title: null,
        scale: { domain: output.map((_, i) => i) },
        axis: { labelExpr: labelsByIndex(output) },
      },
      color: { field: 'weight', type: 'quantitative', title: null, scale: { domain: [lo, hi], range: BONE, interpolate: 'rgb' } },
      tooltip: [
        { field: 'output', type: 'nominal' },
        { field: 'source', type: 'nominal' },
        { field: 'weight', type: 'quantitative', format: '.3f' },
      ],
    },
  };
}
