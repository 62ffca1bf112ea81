import { parsePairs } from '@seqlab/data';
import type { NameClassifier, NameGenerator, Seq2SeqModel } from '@seqlab/models';
import { perplexity } from '@seqlab/train';
import { get, parseFlags, type FlagValues } from '../args.js';
import { activateBackend, BACKEND_CHOICES } from '../backend.js';
import { openBundle, type OpenBundle } from '../bundles.js';
import { readDataFile } from '../data-files.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatMetric } from '../progress.js';
import { bucketBatches } from '@seqlab/data';
import { classifyIds, confusion } from '../tasks/classify.js';
import { genBatch, generatorNll } from '../tasks/generate-names.js';
import { lmData, lmNll, sequentialWindows } from '../tasks/lm.js';
import { namesData, type LabelledName } from '../tasks/names-data.js';
import { evaluateTranslator, translateData } from '../tasks/translate.js';
import { encodeIds } from '../tokenizers.js';

/** Flags of `seqlab eval`. */
export const EVAL_FLAGS = {
  data: { type: 'string', help: 'evaluate on this file / folder (all of it) instead of the bundle\'s held-out split' },
  backend: { type: 'choice', choices: BACKEND_CHOICES, default: 'auto', help: 'tfjs backend' },
  beam: { type: 'int', min: 1, default: 1, help: 'beam width (translate)' },
  json: { type: 'boolean', default: false, help: 'print the metrics as JSON' },
} as const;

/**
 * `seqlab eval <bundle>`: the task's metric — BLEU (translate), accuracy (classify-names),
 * perplexity (generate-names, lm) — on the held-out split the bundle was trained with (rebuilt
 * from the flags saved in config.json: same data, seed and fractions), or on all of `--data`.
 */
export async function runEval(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags('eval', argv, EVAL_FLAGS);
  const [dir, extra] = positionals;
  if (!dir) throw new UsageError('seqlab eval: missing <bundle> folder (usage: seqlab eval <bundle> [--data file])');
  if (extra) throw new UsageError(`seqlab eval: unexpected argument "${extra}"`);
  await activateBackend(get.str(f, 'backend')!);
  const b = await openBundle(dir, 'eval');
  try {
    const saved = (b.training.flags ?? {}) as FlagValues;
    const data = get.str(f, 'data');
    const flags: FlagValues = { ...saved, ...(data ? { data } : {}) };
    const metrics = await evaluateBundle(b, flags, Boolean(data), get.num(f, 'beam'), io);
    if (get.bool(f, 'json')) io.out(`${JSON.stringify({ task: b.config.task, bundle: dir, data: data ?? 'held-out split', ...metrics })}\n`);
    else io.out(`${b.config.task} ${dir} on ${data ?? 'the held-out split'}: ${Object.entries(metrics).map(([k, v]) => `${k} ${formatMetric(v)}`).join(', ')}\n`);
  } finally {
    b.model.dispose();
  }
  return 0;
}

async function evaluateBundle(b: OpenBundle, f: FlagValues, whole: boolean, beam: number, io: CliIo): Promise<Record<string, number>> {
  const task = b.config.task;
  if (task === 'translate') {
    const pairs = whole ? parsePairs(await readDataFile(get.str(f, 'data')!), { file: get.str(f, 'data')!, reverse: get.bool(f, 'reverse') }).pairs : (await translateData(f)).split.test;
    io.err(`translating ${pairs.length} pairs...\n`);
    const maxLen = Number(b.config.architecture.maxLen ?? 64);
    const { bleu } = await evaluateTranslator(b.model as unknown as Seq2SeqModel<unknown>, b.tokenizers.source!, b.tokenizers.target!, pairs, beam, maxLen, io);
    return { bleu: bleu.score, sentences: pairs.length };
  }
  if (task === 'classify-names' || task === 'generate-names') {
    const labels = (b.training.labels ?? []) as string[];
    const d = await namesData({ ...f, ...(whole ? { limit: 0, 'valid-fraction': 0, 'test-fraction': 1 } : {}) });
    // The data's languages index into the bundle's label list; an unknown language is an error.
    const items: LabelledName[] = d.split.test.map(([n, l]) => {
      const i = labels.indexOf(d.labels[l]!);
      if (i < 0) throw new UsageError(`seqlab eval: language "${d.labels[l]}" of the data is not one the model knows (${labels.join(', ')})`);
      return [n, i];
    });
    const tok = b.tokenizers.names!;
    const ids = items.map(([n]) => encodeIds(tok, n));
    io.err(`evaluating ${items.length} names...\n`);
    if (task === 'classify-names') {
      const { predictions } = await classifyIds(b.model as NameClassifier, ids);
      return { accuracy: confusion(items.map(([, l]) => l), predictions, labels.length).accuracy, names: items.length };
    }
    const order = bucketBatches(ids.map((s) => s.length), { batchSize: 256, shuffle: false });
    const batches = order.map((idx) => genBatch(idx.map((i) => ids[i]!.slice(0, 40)), idx.map((i) => items[i]![1])));
    const { nll, tokens } = await generatorNll(b.model as NameGenerator, batches);
    return { perplexity: perplexity(nll, tokens), names: items.length };
  }
  if (task === 'lm') {
    const tok = b.tokenizers.text!;
    const d = await lmData(whole ? { ...f, limit: 0, 'valid-fraction': 0.0001, 'test-fraction': 0.9998 } : f, tok);
    const bptt = Number(get.num(f, 'bptt') ?? 64);
    const held = whole ? new Int32Array([...d.train, ...d.valid, ...d.test]) : d.test;
    io.err(`evaluating ${held.length} tokens...\n`);
    const { nll, tokens } = await lmNll(b.model, sequentialWindows(held, 64, bptt));
    return { perplexity: perplexity(nll, tokens), tokens };
  }
  throw new UsageError(`seqlab eval: no evaluation for task "${task}"`);
}
