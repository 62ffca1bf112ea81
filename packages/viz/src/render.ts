import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Multiply the chart's pixel size (default 1). */
  scale?: number;
  /** Background colour, overriding the spec's (Vega-Lite's default is white); `'transparent'` for none. */
  background?: string;
}

/**
 * Renders a Vega-Lite spec (such as {@link lossCurveSpec}'s) to an SVG document with Vega's own
 * headless renderer: no DOM, no canvas, so the same call works in Node and in a browser. Text is
 * drawn with the `sans-serif` family; widths are estimated when no canvas is available.
 */
export async function renderSvg(spec: TopLevelSpec, opts: RenderSvgOptions = {}): Promise<string> {
  if (typeof spec !== 'object' || spec === null) throw new TypeError(`renderSvg: spec must be a Vega-Lite spec object, got ${String(spec)}`);
  const scale = opts.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`renderSvg: scale must be a positive number, got ${scale}`);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  if (opts.background !== undefined) view.background(opts.background);
  try {
    return await view.toSVG(scale);
  } finally {
    view.finalize();
  }
}
