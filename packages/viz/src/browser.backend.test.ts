import { describe, expect, it } from 'vitest';
import { attentionSpec, renderSvg } from './index.js';
import { svgChecks } from './svg-checks.test-helper.js';

// Not a tensor test: it is named *.backend.test.ts because that is what the browser project runs,
// to prove renderSvg (vega's headless renderer) works in Chromium as in Node. No tfjs backend is
// involved, so it runs once per project rather than inside describeBackends.
describe('renderSvg in this runtime', () => {
  it('draws an attention map with its tokens', async () => {
    const svg = await renderSvg(attentionSpec({ source: ['guten', 'morgen'], output: ['good', 'morning'], weights: [[0.9, 0.1], [0.2, 0.8]] }));
    svgChecks(svg, ['guten', 'morgen', 'good', 'morning']);
    expect(typeof window === 'undefined' ? 'node' : 'browser').toBeTruthy();
  });
});
