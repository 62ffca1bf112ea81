import { Generator } from '@seqlab/core';
import type { NameGenerator } from '@seqlab/models';
import { get, parseFlags } from '../args.js';
import { activateBackend, BACKEND_CHOICES } from '../backend.js';
import { openBundle } from '../bundles.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { generateText, type StartableLm } from '../tasks/lm-generate.js';
import { sampleNames } from '../tasks/sample-names.js';
import { inputTexts } from './inputs.js';

/** Flags of `seqlab generate`. */
export const GENERATE_FLAGS = {
  backend: { type: 'choice', choices: BACKEND_CHOICES, default: 'auto', help: 'tfjs backend' },
  count: { type: 'int', min: 1, default: 5, help: 'names per language (generate-names)' },
  'max-length': { type: 'int', min: 1, default: 200, help: 'most tokens generated (lm; names stop at 24)' },
  temperature: { type: 'number', min: 0.01, default: 0.8, help: 'sampling temperature' },
  'top-k': { type: 'int', min: 1, help: 'sample among the k most likely tokens' },
  'top-p': { type: 'number', min: 0.01, max: 1, help: 'nucleus sampling: the smallest set reaching this probability' },
  beam: { type: 'int', min: 1, default: 1, help: 'beam search instead of sampling (generate-names: the most likely names)' },
  seed: { type: 'int', default: 0, help: 'seed of the sampling' },
  json: { type: 'boolean', default: false, help: 'one JSON object per line' },
} as const;

/**
 * `seqlab generate <bundle> [input...]`: for a generate-names bundle each input is a language
 * (all languages when none is given), for an lm bundle each input is a prompt.
 */
export async function runGenerate(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags('generate', argv, GENERATE_FLAGS);
  const [dir, ...args] = positionals;
  if (!dir) throw new UsageError('seqlab generate: missing <bundle> folder (usage: seqlab generate <bundle> [language or prompt...])');
  await activateBackend(get.str(f, 'backend')!);
  const b = await openBundle(dir, 'generate', ['generate-names', 'lm']);
  const rng = new Generator(get.num(f, 'seed'));
  const sampling = {
    temperature: get.num(f, 'temperature'),
    ...(get.optNum(f, 'top-k') !== undefined ? { topK: get.optNum(f, 'top-k')! } : {}),
    ...(get.optNum(f, 'top-p') !== undefined ? { topP: get.optNum(f, 'top-p')! } : {}),
    rng,
  };
  try {
    if (b.config.task === 'generate-names') {
      const labels = (b.training.labels ?? []) as string[];
      const langs = args.length ? args : labels;
      for (const lang of langs) {
        const i = labels.findIndex((l) => l.toLowerCase() === lang.toLowerCase());
        if (i < 0) throw new UsageError(`seqlab generate: unknown language "${lang}" (this model knows: ${labels.join(', ')})`);
        const names = await sampleNames(b.model as NameGenerator, b.tokenizers.names!, i, get.num(f, 'count'), { ...sampling, beam: get.num(f, 'beam') });
        io.out(get.bool(f, 'json') ? `${JSON.stringify({ language: labels[i], names })}\n` : `${labels[i]}: ${names.join(', ')}\n`);
      }
    } else {
      const prompts = await inputTexts(args, io);
      for (const prompt of prompts) {
        const text = await generateText(b.model as unknown as StartableLm, b.tokenizers.text!, prompt, { ...sampling, maxTokens: get.num(f, 'max-length') });
        io.out(get.bool(f, 'json') ? `${JSON.stringify({ prompt, text })}\n` : `${text}\n`);
      }
    }
  } finally {
    b.model.dispose();
  }
  return 0;
}
