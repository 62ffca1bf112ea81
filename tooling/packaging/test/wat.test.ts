import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { allWatFiles, generate, outputPath } from '../../scripts/wat.mjs';

describe('WebAssembly kernels', () => {
  const files = allWatFiles() as string[];

  it('there are .wat sources (the recurrent step kernels at least)', () => {
    expect(files.map((f) => relative(process.cwd(), f))).toContain('packages/recurrent/src/fast/simd/pointwise.wat');
  });

  it.each(files.map((f) => [relative(process.cwd(), f), f]))('%s: its committed -wasm.ts is what wat.mjs compiles now', async (_, wat) => {
    expect(readFileSync(outputPath(wat), 'utf8')).toBe(await generate(wat));
  });
});
