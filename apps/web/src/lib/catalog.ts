/**
 * The demo bundles this build serves, from `bundles/index.json` (written by
 * scripts/build-bundles.mjs). Reading the list first means a bundle that was not built shows
 * "not in this build" instead of a failed download (and a console error) per file.
 * @module
 */
import type { BundleReader } from '@seqlab/models';
import { progressUrlReader, type Progress } from './bundle-source.js';
import { getBundle } from './model-cache.js';
import type { LoadedBundle } from '@seqlab/models';

/** One entry of bundles/index.json. */
export interface CatalogEntry {
  name: string;
  task: string;
  architecture: string;
  bytes: number;
}

let catalog: Promise<CatalogEntry[]> | null = null;

/** Base URL of the demo bundles (respects Vite's `base`). */
export function bundlesBase(): string {
  return `${import.meta.env.BASE_URL}bundles/`;
}

/** The list of demo bundles in this build. */
export function demoCatalog(): Promise<CatalogEntry[]> {
  catalog ??= fetch(`${bundlesBase()}index.json`).then(async (r) => {
    if (!r.ok) throw new Error(`bundles/index.json: HTTP ${r.status} (run scripts/build-bundles.mjs)`);
    return ((await r.json()) as { bundles: CatalogEntry[] }).bundles;
  });
  return catalog;
}

/**
 * Loads demo bundle `name`, reporting download progress.
 * @throws Error when this build has no such bundle, or the bundle fails to load (BundleError).
 */
export async function loadDemo(name: string, onProgress: (p: Progress) => void = () => {}): Promise<LoadedBundle> {
  const entry = (await demoCatalog()).find((e) => e.name === name);
  if (!entry) throw new Error(`the demo bundle "${name}" is not in this build (run scripts/build-bundles.mjs once its model exists)`);
  const reader = (): BundleReader => progressUrlReader(`${bundlesBase()}${name}/`, onProgress);
  return getBundle(`demo:${name}`, reader, entry.task);
}

/** "12.3 kB of 45.6 kB" for a progress event. */
export function formatProgress(p: Progress): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  return `downloading ${p.file}: ${kb(p.loaded)}${p.total ? ` of ${kb(p.total)}` : ''}`;
}
