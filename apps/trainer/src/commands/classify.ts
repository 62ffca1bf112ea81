import type { NameClassifier } from '@seqlab/models';
import { get, parseFlags } from '../args.js';
import { activateBackend, BACKEND_CHOICES } from '../backend.js';
import { openBundle } from '../bundles.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { classifyIds } from '../tasks/classify.js';
import { encodeIds } from '../tokenizers.js';
import { inputTexts } from './inputs.js';

/** Flags of `seqlab classify`. */
export const CLASSIFY_FLAGS = {
  backend: { type: 'choice', choices: BACKEND_CHOICES, default: 'auto', help: 'tfjs backend' },
  'top-k': { type: 'int', min: 1, default: 3, help: 'languages listed per name' },
  json: { type: 'boolean', default: false, help: 'one JSON object per line' },
} as const;

/** `seqlab classify <bundle> [name...]`: the most likely languages of each name. */
export async function runClassify(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags('classify', argv, CLASSIFY_FLAGS);
  const [dir, ...names] = positionals;
  if (!dir) throw new UsageError('seqlab classify: missing <bundle> folder (usage: seqlab classify <bundle> [name...])');
  await activateBackend(get.str(f, 'backend')!);
  const b = await openBundle(dir, 'classify', ['classify-names']);
  try {
    const labels = (b.training.labels ?? []) as string[];
    const inputs = await inputTexts(names, io);
    const { probabilities } = await classifyIds(b.model as NameClassifier, inputs.map((n) => encodeIds(b.tokenizers.names!, n)));
    const k = Math.min(get.num(f, 'top-k'), labels.length);
    inputs.forEach((name, i) => {
      const ranked = probabilities[i]!.map((p, c) => ({ language: labels[c] ?? String(c), probability: p })).sort((a, z) => z.probability - a.probability).slice(0, k);
      io.out(get.bool(f, 'json') ? `${JSON.stringify({ name, predictions: ranked })}\n` : `${name}: ${ranked.map((r) => `${r.language} ${(r.probability * 100).toFixed(1)}%`).join(', ')}\n`);
    });
  } finally {
    b.model.dispose();
  }
  return 0;
}
