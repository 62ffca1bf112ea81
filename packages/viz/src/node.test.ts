import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { attentionSpec, lossCurveSpec, renderPng, renderSvg, writeChart, type TopLevelSpec } from './node.js';

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** Pixels that differ from white by more than a little (anti-aliasing aside). */
function inkedPixels(img: PNG, box = { x0: 0, y0: 0, x1: img.width, y1: img.height }): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const k = (y * img.width + x) * 4;
      if (img.data[k]! + img.data[k + 1]! + img.data[k + 2]! < 600) n++;
    }
  }
  return n;
}

function svgSize(svg: string): [number, number] {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return [Number(m[1]), Number(m[2])];
}

describe('renderPng', () => {
  it('decodes as a PNG of the chart size times the scale, with ink on it', async () => {
    const spec = attentionSpec({ source: ['ich', 'bin', 'müde'], output: ['i', 'am', 'tired'], weights: [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0, 0.2, 0.8]] });
    const [w, h] = svgSize(await renderSvg(spec));
    const img = decode(await renderPng(spec, { scale: 2 }));
    expect([img.width, img.height]).toEqual([2 * w, 2 * h]);
    const inked = inkedPixels(img);
    expect(inked).toBeGreaterThan(0.05 * img.width * img.height); // the dark cells at least
    expect(inked).toBeLessThan(img.width * img.height); // and a white background
  });

  it('renders text with the embedded font (a text-only chart is not blank)', async () => {
    // No axes, no marks but text: if no font were found, resvg would draw nothing at all.
    const spec: TopLevelSpec = {
      data: { values: [{ t: 'Moby Dick' }] },
      mark: { type: 'text', fontSize: 40 },
      encoding: { text: { field: 't', type: 'nominal' } },
      width: 300,
      height: 80,
      config: { view: { stroke: null } },
    };
    const img = decode(await renderPng(spec, { scale: 1 }));
    expect(inkedPixels(img)).toBeGreaterThan(300);
  });

  it('keeps alpha with a transparent background and rejects a bad scale', async () => {
    const spec = lossCurveSpec({ train: [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }], width: 60, height: 40 });
    const img = decode(await renderPng(spec, { background: 'transparent', scale: 1 }));
    expect(img.data[3]).toBe(0); // top-left corner
    await expect(renderPng(spec, { scale: -1 })).rejects.toThrow('renderPng: scale must be a positive number, got -1');
  });
});

describe('writeChart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-viz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const spec = lossCurveSpec({ train: [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }] });

  it('writes SVG or PNG by the extension', async () => {
    const svg = readFileSync(await writeChart(spec, join(dir, 'loss.svg')), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const png = readFileSync(await writeChart(spec, join(dir, 'loss.png')));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect(writeChart(spec, join(dir, 'loss.jpg'))).rejects.toThrow('writeChart: path must end in .svg or .png');
  });
});
