/**
 * `@seqlab/viz`: the pictures of a training run as Vega-Lite specs — {@link lossCurveSpec},
 * {@link attentionSpec} (the seq2seq notebook's `showAttention`), {@link confusionSpec} (the
 * classification tutorial's confusion matrix) — and {@link renderSvg}, which draws any Vega-Lite
 * spec to SVG in Node or a browser. PNG output (`renderPng`) is in `@seqlab/viz/node`.
 *
 * The specs are plain JSON: they can also be shown interactively with `vega-embed`, saved next to
 * a model, or edited before rendering.
 * @packageDocumentation
 */
export type { TopLevelSpec } from 'vega-lite';
export { attentionSpec, type AttentionInput } from './attention.js';
export { confusionSpec, type ConfusionInput } from './confusion.js';
export { lossCurveSpec, type LossCurveInput, type LossPoint } from './loss-curve.js';
export { renderSvg, type RenderSvgOptions } from './render.js';
