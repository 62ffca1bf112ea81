import { parseNamesByLanguage, splitDataset, type Splits } from '@seqlab/data';
import { namesByLanguage } from '@seqlab/datasets';
import { get, type FlagValues } from '../args.js';
import { limitItems, readNamesFolder } from '../data-files.js';
import { UsageError } from '../errors.js';

/** A name and its language index. */
export type LabelledName = [name: string, label: number];

/** The names of a run and its seeded split. */
export interface NamesData {
  /** Languages, sorted (the class order). */
  labels: string[];
  items: LabelledName[];
  split: Splits<LabelledName>;
  source: string;
}

/**
 * The names of a `classify-names` / `generate-names` run: a `--data` folder in the PyTorch
 * tutorial layout (one `<Language>.txt` per language) or the built-in faker names, with `--limit`
 * applied per language (so every class keeps examples) and a seeded split.
 */
export async function namesData(f: FlagValues): Promise<NamesData> {
  const dir = get.str(f, 'data');
  const byLang = dir ? parseNamesByLanguage(await readNamesFolder(dir)) : namesByLanguage();
  const labels = Object.keys(byLang).sort();
  const limit = get.num(f, 'limit');
  const items: LabelledName[] = labels.flatMap((lang, i) => limitItems(byLang[lang]!, limit).map((n) => [n, i] as LabelledName));
  if (items.length < 3) throw new UsageError(`names: only ${items.length} names found; need at least 3`);
  const split = splitDataset(items, { valid: get.num(f, 'valid-fraction'), test: get.num(f, 'test-fraction'), seed: get.num(f, 'seed') });
  return { labels, items, split, source: dir ?? 'built-in names in 16 languages (@seqlab/datasets namesByLanguage, from @faker-js/faker)' };
}
