import { parseNamesByLanguage, splitDataset, type Splits } from '@seqlab/data';
import { namesByLanguage } from '@seqlab/datasets';
import { Tokenizer } from '@seqlab/tokenizers';
import { get, type FlagValues } from '../args.js';
import { limitItems, readNamesFolder } from '../data-files.js';
import { UsageError } from '../errors.js';
import { trainTokenizer } from '../tokenizers.js';

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

/** The recurrent-model flags `classify-names` and `generate-names` share (`embedding` help differs). */
export function namesModelFlags(embeddingHelp: string) {
  return {
    cell: { type: 'choice', choices: ['rnn', 'gru', 'lstm'], default: 'gru', help: 'recurrent cell' },
    embedding: { type: 'int', min: 1, default: 64, help: embeddingHelp },
    hidden: { type: 'int', min: 1, default: 128, help: 'hidden size (per direction)' },
    layers: { type: 'int', min: 1, default: 1, help: 'stacked recurrent layers' },
    dropout: { type: 'number', min: 0, max: 0.95, default: 0.1, help: 'dropout in training' },
  } as const;
}

/** Those flags as the shared part of a NameClassifier / NameGenerator config. */
export function namesModelConfig(f: FlagValues) {
  return {
    cell: get.str(f, 'cell') as 'rnn' | 'gru' | 'lstm',
    embeddingDim: get.num(f, 'embedding'),
    hiddenSize: get.num(f, 'hidden'),
    numLayers: get.num(f, 'layers'),
    dropout: get.num(f, 'dropout'),
  };
}

/** The character tokenizer of a names run: the saved one on resume, else trained on the training names. */
export async function namesTokenizer(data: NamesData, saved: Record<string, string> | null): Promise<Tokenizer> {
  return saved?.names ? Tokenizer.fromJSON(saved.names) : await trainTokenizer('char', data.split.train.map(([n]) => n), { vocabSize: 0, minFrequency: 0, lowercase: false });
}

/** What a names run records in its bundle and prints at the start. */
export function namesRunInfo({ labels, items, split, source }: NamesData, tok: Tokenizer): { bundleExtras: Record<string, unknown>; describe: string[] } {
  const sizes = { train: split.train.length, valid: split.valid.length, test: split.test.length };
  return {
    bundleExtras: { labels, data: source, names: items.length, split: sizes },
    describe: [`data: ${source}: ${items.length} names in ${labels.length} languages (train ${sizes.train}, valid ${sizes.valid}, test ${sizes.test})`, `characters: ${tok.getVocabSize()}`],
  };
}
