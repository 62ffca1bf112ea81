/**
 * `@seqlab/viz/node`: PNG rendering with resvg (a Rust SVG renderer shipped as an npm package with
 * prebuilt binaries), plus everything of the main entry point.
 * @packageDocumentation
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.js';

export * from './index.js';

const require = createRequire(import.meta.url);

/** DejaVu Sans from the `dejavu-fonts-ttf` package: text renders the same on every machine, fonts installed or not. */
export const EMBEDDED_FONT = 'DejaVu Sans';

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixel density: 2 gives a PNG twice the chart's CSS size (default 2, sharp on high-DPI screens). */
  scale?: number;
  /** Background colour (default `'white'`; `'transparent'` keeps alpha). */
  background?: string;
  /** Also load the machine's fonts, e.g. for CJK tokens DejaVu lacks (default false: reproducible output). */
  systemFonts?: boolean;
  /** More TrueType / OpenType font files to load. */
  fontFiles?: readonly string[];
}

/**
 * Renders a Vega-Lite spec to PNG bytes: {@link renderSvg}, then resvg with DejaVu Sans as the
 * `sans-serif` family. The PNG is `scale` times the chart's size (width and height rounded up).
 */
export async function renderPng(spec: TopLevelSpec, opts: RenderPngOptions = {}): Promise<Uint8Array> {
  const scale = opts.scale ?? 2;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`renderPng: scale must be a positive number, got ${scale}`);
  const background = opts.background ?? 'white';
  const svg = await renderSvg(spec, { background });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background,
    font: {
      loadSystemFonts: opts.systemFonts ?? false,
      fontFiles: [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), ...(opts.fontFiles ?? [])],
      defaultFontFamily: EMBEDDED_FONT,
      sansSerifFamily: EMBEDDED_FONT,
    },
  });
  return new Uint8Array(resvg.render().asPng());
}

/**
 * Renders a spec to `path`, as SVG or PNG by the file's extension (`.svg`, `.png`), and returns
 * the path. What the trainer uses to write pictures beside a bundle.
 */
export async function writeChart(spec: TopLevelSpec, path: string, opts: RenderPngOptions = {}): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') await writeFile(path, await renderSvg(spec, { ...(opts.scale !== undefined ? { scale: opts.scale } : {}), ...(opts.background !== undefined ? { background: opts.background } : {}) }));
  else if (ext === '.png') await writeFile(path, await renderPng(spec, opts));
  else throw new RangeError(`writeChart: path must end in .svg or .png, got "${path}"`);
  return path;
}
