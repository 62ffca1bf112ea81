/**
 * Loaded bundles, shared by the views and keyed by where they came from. Models live on the
 * backend that was active when they loaded, so switching backends clears the cache (each view
 * reloads on next use).
 * @module
 */
import { createDefaultRegistry, loadBundle, type BundleReader, type LoadedBundle } from '@seqlab/models';

const cache = new Map<string, Promise<LoadedBundle>>();

/**
 * The bundle at `key`, loaded once through `reader()` and checked against `task` when given.
 * A failed load is not cached, so a retry reads again.
 */
export function getBundle(key: string, reader: () => BundleReader, task?: string): Promise<LoadedBundle> {
  let p = cache.get(key);
  if (!p) {
    // Inference only: eval mode turns dropout off (a loaded Module starts in training mode).
    p = loadBundle(reader(), createDefaultRegistry(), task ? { task } : {}).then((b) => {
      b.model.eval();
      return b;
    });
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Frees the bundle loaded under `key`, if any (a replaced bring-your-own bundle). */
export function dropBundle(key: string): void {
  const p = cache.get(key);
  cache.delete(key);
  p?.then((b) => b.model.dispose()).catch(() => {});
}

/** Frees every loaded model (before a backend switch). */
export async function clearBundles(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const p of all) {
    try {
      (await p).model.dispose();
    } catch {
      // a failed load holds no tensors
    }
  }
}
