import { describe, expect, it } from 'vitest';
import { attentionSpec, confusionSpec, lossCurveSpec, renderSvg } from './index.js';
import { svgChecks } from './svg-checks.test-helper.js';

describe('renderSvg', () => {
  it('draws the loss curve with its axes, legend and title', async () => {
    const svg = await renderSvg(
      lossCurveSpec({ train: [{ step: 0, loss: 2 }, { step: 5, loss: 1 }], validation: [{ step: 5, loss: 1.4 }], title: 'Loss of run 7' }),
    );
    svgChecks(svg, ['step', 'loss', 'train', 'validation', 'Loss of run 7']);
    expect(svg).toMatch(/<path[^>]*d="M/); // the lines
  });

  it('draws every source and output token of an attention map, escaped', async () => {
    const source = ['ich', 'bin', 'müde', '<EOS>'];
    const output = ['i', 'am', 'tired', '<EOS>'];
    const svg = await renderSvg(attentionSpec({ source, output, weights: output.map((_, i) => source.map((_, j) => (i === j ? 1 : 0))) }));
    svgChecks(svg, ['ich', 'bin', 'müde', '&lt;EOS&gt;', 'tired', 'am']);
    // 16 cells: vega draws a rect mark's items as paths inside the mark's group.
    const cells = svg.match(/<g class="mark-rect role-mark marks"[^>]*>(.*?)<\/g>/s)?.[1] ?? '';
    expect(cells.match(/<path /g)?.length).toBe(16);
  });

  it('draws the confusion matrix with every class name on both axes', async () => {
    const labels = ['Arabic', 'Greek', 'Korean'];
    const svg = await renderSvg(confusionSpec({ labels, matrix: [[5, 0, 0], [1, 4, 0], [0, 0, 5]] }));
    for (const l of labels) expect(svg.split(`>${l}<`).length - 1, l).toBe(2);
    svgChecks(svg, ['predicted', 'actual']);
  });

  it('scales the document and rejects a bad scale or spec', async () => {
    const spec = lossCurveSpec({ train: [{ step: 0, loss: 1 }], width: 100, height: 50 });
    const w1 = Number(/<svg[^>]* width="(\d+)"/.exec(await renderSvg(spec))![1]);
    const w2 = Number(/<svg[^>]* width="(\d+)"/.exec(await renderSvg(spec, { scale: 2 }))![1]);
    expect(w2).toBe(2 * w1);
    await expect(renderSvg(spec, { scale: 0 })).rejects.toThrow('renderSvg: scale must be a positive number, got 0');
    await expect(renderSvg(null as never)).rejects.toThrow('renderSvg: spec must be a Vega-Lite spec object, got null');
  });
});
