import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

describe('seqlab info', () => {
  it('lists every backend with available / chosen / why not, versions, threads and SIMD', async () => {
    const r = await run(['info']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^node {10}v\d+\./m);
    expect(r.out).toContain('tfjs-core     4.22.0');
    expect(r.out).toMatch(/tensorflow \(@tensorflow\/tfjs-node-gpu\)\s+(available|unavailable)/);
    expect(r.out).toMatch(/tensorflow \(@tensorflow\/tfjs-node\)\s+(available|unavailable)/);
    expect(r.out).toMatch(/wasm\s+available\s+SIMD build, 1 thread/);
    expect(r.out).toMatch(/cpu\s+available/);
    expect(r.out).toMatch(/--backend auto chooses: \S+/);
  });

  it('--json gives the same report as data; exactly one backend is chosen', async () => {
    const r = JSON.parse((await run(['info', '--json'])).out);
    expect(r.tfjsCore).toBe('4.22.0');
    expect(r.wasmThreads).toBe(1);
    expect(typeof r.simd).toBe('boolean');
    expect(r.backends.filter((b: { chosen: boolean }) => b.chosen)).toHaveLength(1);
    for (const b of r.backends) if (!b.available) expect(b.note).not.toBe('');
  });

  it('help lists commands and tasks; train <task> --help lists the task\'s flags with defaults', async () => {
    expect((await run(['help'])).out).toContain('tasks: translate, classify-names, generate-names, lm');
    const h = await run(['train', 'translate', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--arch <rnn-attention\|transformer>\s+RNN encoder-decoder with attention, or a Transformer \(default: rnn-attention\)/);
  });
});
