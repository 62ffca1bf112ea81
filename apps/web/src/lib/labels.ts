/**
 * The class labels of a names bundle (languages). `seqlab train` records them in config.json;
 * the field is looked up in the places a bundle may keep it, so the view names the field it
 * needs when none is there.
 * @module
 */
import type { LoadedBundle } from '@seqlab/models';

/**
 * The labels of `bundle`, index = class id.
 * @throws Error naming the fields looked at when none holds a string list.
 */
export function bundleLabels(bundle: LoadedBundle): string[] {
  const c = bundle.config as unknown as Record<string, Record<string, unknown> | undefined>;
  const candidates = [c.labels, c.architecture?.labels, c.architecture?.categories, c.training?.labels, c.training?.categories, c.training?.languages];
  for (const x of candidates) if (Array.isArray(x) && x.every((s) => typeof s === 'string')) return x as string[];
  throw new Error('config.json lists no labels (looked for labels, architecture.labels / categories, training.labels / categories / languages)');
}
