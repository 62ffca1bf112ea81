// Rendering speed of @seqlab/viz: a Vega-Lite spec to SVG (vega's headless renderer), and the SVG
// to PNG with resvg (renderPng) — against headless Chromium rasterising the same SVG (the peer:
// what a browser-screenshot pipeline would use), in the same run.
//   node packages/viz/bench/render.bench.mjs   (after building @seqlab/viz)
import { Resvg } from '@resvg/resvg-js';
import { table, timeIt } from '@seqlab/bench';
import { attentionSpec, confusionSpec, renderPng, renderSvg } from '@seqlab/viz/node';
import { chromium } from 'playwright';

const words = (n, p) => Array.from({ length: n }, (_, i) => `${p}${i}`);
const source = words(12, 'wort');
const output = words(12, 'word');
const weights = output.map((_, i) => source.map((_, j) => Math.exp(-((i - j) ** 2)) / 2));
const labels = ['Arabic', 'Chinese', 'Czech', 'Dutch', 'English', 'French', 'German', 'Greek', 'Italian', 'Japanese', 'Korean', 'Polish', 'Portuguese', 'Russian', 'Spanish', 'Vietnamese'];
const matrix = labels.map((_, i) => labels.map((_, j) => (i === j ? 80 : (i * 7 + j * 3) % 9)));
const charts = { 'attention 12x12': attentionSpec({ source, output, weights }), 'confusion 16x16': confusionSpec({ labels, matrix }) };

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage({ deviceScaleFactor: 2 });
const rows = [];
try {
  for (const [name, spec] of Object.entries(charts)) {
    const svg = await renderSvg(spec);
    const [, w, h] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg).map(Number);
    const svgMs = await timeIt(() => renderSvg(spec));
    const pngMs = await timeIt(() => renderPng(spec, { scale: 2 }));
    const resvgMs = await timeIt(() => new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: false } }).render().asPng());
    // Chromium: the same SVG as a page, screenshot of its box at device scale 2 (PNG).
    await page.setViewportSize({ width: w, height: h });
    const chromeMs = await timeIt(async () => {
      await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
      await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: w, height: h } });
    });
    rows.push({
      chart: name,
      'renderSvg ms': svgMs.toFixed(1),
      'renderPng ms (total)': pngMs.toFixed(1),
      'resvg raster ms': resvgMs.toFixed(1),
      'chromium raster ms': chromeMs.toFixed(1),
      'raster speed vs chromium': `${(chromeMs / resvgMs).toFixed(2)}x`,
      'charts/s (renderPng)': (1000 / pngMs).toFixed(1),
    });
  }
} finally {
  await browser.close();
}
table(rows);
