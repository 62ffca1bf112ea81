import { parseCorpus } from '@seqlab/data';
import { describe, expect, it } from 'vitest';
import { loadDeEnPairs, loadMobyDick, loadMobyDickChapters } from './node.js';

describe('@seqlab/datasets/node', () => {
  it('loadMobyDick returns the whole book (~1.2 MB) chapters 1 to 135', () => {
    const text = loadMobyDick();
    expect(text.length).toBeGreaterThan(1_100_000);
    expect(text).toContain('Call me Ishmael.');
    expect(text.startsWith('CHAPTER 1. Loomings.')).toBe(true);
    expect(text).toContain('CHAPTER 135. The Chase.—Third Day.');
    expect(text.trimEnd().endsWith('as it rolled five thousand years ago.')).toBe(true);
  });

  it('loadMobyDick parses as a corpus with @seqlab/data', () => {
    const corpus = parseCorpus(loadMobyDick(), { file: 'moby-dick.txt', skipBlank: true });
    expect(corpus.length).toBeGreaterThan(15_000);
    expect(corpus.every((l) => l.trim() !== '')).toBe(true);
  });

  it('loadMobyDickChapters gives the 135 chapters with their titles', () => {
    const chapters = loadMobyDickChapters();
    const numbered = chapters.filter((c) => /^\d+$/.test(c.chapter));
    expect(numbered.length).toBe(135);
    expect(numbered[0]).toMatchObject({ chapter: '1', title: 'Loomings.' });
    expect(numbered[0]!.text.startsWith('Call me Ishmael.')).toBe(true);
  });

  it('re-exports the browser-safe API', () => {
    expect(loadDeEnPairs().length).toBeGreaterThan(18_000);
  });
});
