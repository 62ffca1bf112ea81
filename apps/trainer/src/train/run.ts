import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { manualSeed } from '@seqlab/core';
import { saveBundle, type BundleWriter } from '@seqlab/models';
import { directoryWriter } from '@seqlab/models/node';
import { AdamW, Checkpointer, cosineWithWarmup, JsonlLogger, Trainer, type Callback, type EvalEvent, type FitResult, type StepEvent } from '@seqlab/train';
import { checkpointDir, jsonlFileWriter, latestCheckpoint } from '@seqlab/train/node';
import { formatFlags, get, parseFlags, type FlagSpecs } from '../args.js';
import { activateBackend, describeBackend } from '../backend.js';
import { EXIT_INTERRUPTED, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatDuration, formatMetric, ProgressPrinter } from '../progress.js';
import { lossCurvePictures } from '../pictures.js';
import { COMMON_TRAIN_FLAGS } from './common-flags.js';
import type { TaskDefinition } from './task.js';

/** Flags of `seqlab train <task>`: the common ones with the task's defaults, then the task's own. */
export function trainFlags(task: TaskDefinition): FlagSpecs {
  const flags: FlagSpecs = {};
  for (const [k, s] of Object.entries(COMMON_TRAIN_FLAGS)) flags[k] = k in task.defaults ? { ...s, default: task.defaults[k]! } : s;
  return { ...flags, ...task.flags };
}

/** Help text of `seqlab train <task>`. */
export function trainHelp(task: TaskDefinition): string {
  return `seqlab train ${task.name}: ${task.summary}\n\n${formatFlags(trainFlags(task))}\n`;
}

/** Loss history kept across resumes (its state rides in checkpoints). */
class History implements Callback {
  readonly name = 'history';
  train: { step: number; loss: number }[] = [];
  valid: { step: number; loss: number }[] = [];
  onStep(e: StepEvent): void {
    this.train.push({ step: e.step, loss: e.loss });
  }
  onEval(e: EvalEvent): void {
    if (e.metrics.loss !== undefined) this.valid.push({ step: e.step, loss: e.metrics.loss });
  }
  state(): unknown {
    return { train: this.train, valid: this.valid };
  }
  loadState(s: unknown): void {
    const h = s as { train: History['train']; valid: History['valid'] };
    this.train = h.train;
    this.valid = h.valid;
  }
}

/** Stops training once `minutes` of wall-clock time have passed (0: never). */
function timeLimit(minutes: number): Callback {
  const start = Date.now();
  return {
    onStep: (_e, trainer) => {
      if (minutes > 0 && Date.now() - start > minutes * 60_000) trainer.stop(`time limit of ${minutes} min reached`);
    },
  };
}

/**
 * `seqlab train <task>`: prepares the task, trains with AdamW (warm-up + cosine), writes JSONL
 * logs and checkpoints into `<out>.work/`, evaluates on the held-out split and writes the bundle
 * (with pictures and the log) atomically to `--out`. SIGINT stops after the current update, saves
 * a checkpoint and returns {@link EXIT_INTERRUPTED}; `--resume` continues from it.
 */
export async function runTrain(task: TaskDefinition, argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags(`train ${task.name}`, argv, trainFlags(task));
  if (positionals.length) throw new UsageError(`seqlab train ${task.name}: unexpected argument "${positionals[0]}" (flags start with --; see seqlab train ${task.name} --help)`);
  const out = resolve(get.str(f, 'out') ?? join('runs', task.name));
  const work = `${out}.work`;
  const resume = get.bool(f, 'resume');
  if (!resume && !get.bool(f, 'overwrite') && existsSync(out)) {
    throw new UsageError(`--out ${out} already exists: pass --overwrite to replace it, or choose another --out`);
  }
  const t0 = Date.now();
  const backend = await activateBackend(get.str(f, 'backend')!);
  io.err(`seqlab train ${task.name}: ${describeBackend(backend)}\n`);

  // A resumed run reuses the interrupted run's tokenizers and settings.
  let saved: Record<string, string> | null = null;
  let latest: Awaited<ReturnType<typeof latestCheckpoint>> = null;
  if (resume) {
    latest = await latestCheckpoint(join(work, 'checkpoints'));
    if (!latest) throw new UsageError(`--resume: no checkpoint in ${join(work, 'checkpoints')} (train once without --resume first)`);
    const run = JSON.parse(await readFile(join(work, 'run.json'), 'utf8')) as { task: string; tokenizers: Record<string, string> };
    if (run.task !== task.name) throw new UsageError(`--resume: ${work} holds a "${run.task}" run, not "${task.name}"`);
    saved = run.tokenizers;
  }

  manualSeed(get.num(f, 'seed'));
  const prepared = await task.prepare(f, saved, io);
  for (const line of prepared.describe) io.err(`  ${line}\n`);
  io.err(`  model ${prepared.architectureType}: ${prepared.model.numParameters().toLocaleString('en-US')} parameters\n`);
  if (!resume) {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    const tokenizers = Object.fromEntries(Object.entries(prepared.tokenizers).map(([r, t]) => [r, t.toJSONString()]));
    await writeFile(join(work, 'run.json'), JSON.stringify({ task: task.name, argv, tokenizers }));
  }

  const steps = get.num(f, 'steps');
  const lr = get.num(f, 'lr');
  const warmup = Math.min(get.num(f, 'warmup'), steps - 1);
  const optimizer = new AdamW({ lr, weightDecay: get.num(f, 'weight-decay') });
  const history = new History();
  const progress = new ProgressPrinter(io, steps, get.num(f, 'log-every'));
  const log = await jsonlFileWriter(join(work, 'train.jsonl'));
  const clip = get.num(f, 'clip');
  const validBatches = prepared.validBatches();
  const trainer = new Trainer<unknown>({
    model: prepared.model,
    loss: prepared.loss,
    optimizer,
    ...(steps > 1 ? { schedule: cosineWithWarmup({ baseLr: lr, warmup, total: steps, minRatio: get.num(f, 'min-lr-ratio') }) } : {}),
    ...(clip > 0 ? { clipNorm: clip } : {}),
    seed: get.num(f, 'seed'),
    tokensOf: prepared.tokensOf,
    callbacks: [
      history,
      progress,
      new JsonlLogger(log, 1),
      new Checkpointer(get.num(f, 'checkpoint-every'), checkpointDir(join(work, 'checkpoints'), { keepLast: 2 })),
      timeLimit(get.num(f, 'max-minutes')),
    ],
    ...(validBatches.length ? { evaluate: { every: get.num(f, 'eval-every'), batches: () => validBatches } } : {}),
  });
  if (latest) {
    await trainer.loadCheckpoint(latest.bytes);
    io.err(`  resumed from ${latest.path} (step ${trainer.step})\n`);
  }

  // Ctrl-C: finish the current update, checkpoint, exit 130. A second Ctrl-C exits at once.
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    progress.endLine();
    io.err('interrupt: stopping after this update and saving a checkpoint (Ctrl-C again to quit now)\n');
    trainer.stop('interrupted (SIGINT)');
  };
  process.on('SIGINT', onSigint);
  let result: FitResult;
  try {
    result = await trainer.fit({ data: (e) => prepared.trainBatches(e), maxSteps: steps });
  } finally {
    process.off('SIGINT', onSigint);
    await log.close();
  }
  if (interrupted) {
    const sink = checkpointDir(join(work, 'checkpoints'), { keepLast: 2 });
    await sink.write(trainer.step, await trainer.saveCheckpoint());
    io.err(`checkpoint saved at step ${trainer.step} in ${join(work, 'checkpoints')}\nresume with: seqlab train ${task.name} ${[...argv.filter((a) => a !== '--resume'), '--resume'].join(' ')}\n`);
    prepared.model.dispose();
    optimizer.dispose();
    return EXIT_INTERRUPTED;
  }
  if (result.message) io.err(`${result.message}\n`);
  // Keep the trained state until the bundle is saved: if evaluation or saving fails, --resume
  // restarts from here (fit returns at once) instead of training again.
  await checkpointDir(join(work, 'checkpoints'), { keepLast: 2 }).write(trainer.step, await trainer.saveCheckpoint());
  const trainMs = Date.now() - t0;

  // A final validation point, so the loss curve ends where training did.
  if (validBatches.length && history.valid.at(-1)?.step !== trainer.step) {
    const m = await trainer.evaluateNow();
    if (m.loss !== undefined) history.valid.push({ step: trainer.step, loss: m.loss });
  }
  prepared.model.eval();
  const report = await prepared.final(io);
  const pictures = await lossCurvePictures(history.train, history.valid, `${task.name}: loss`);
  const files: Record<string, string | Uint8Array> = { ...pictures, ...report.files, 'train.jsonl': await readFile(join(work, 'train.jsonl')) };
  const training = {
    steps: trainer.step,
    epochs: trainer.epoch,
    backend: backend.backend,
    seconds: Math.round(trainMs / 1000),
    finalTrainLoss: history.train.at(-1)?.loss ?? null,
    finalValidLoss: history.valid.at(-1)?.loss ?? null,
    metrics: report.metrics,
    flags: Object.fromEntries(Object.entries(f).filter(([k]) => !['out', 'overwrite', 'resume', 'backend'].includes(k))),
    ...prepared.bundleExtras,
  };
  await saveBundle(withExtraFiles(directoryWriter(out, { overwrite: get.bool(f, 'overwrite') || resume }), files), {
    task: task.name,
    architecture: { type: prepared.architectureType, ...prepared.model.config },
    model: prepared.model,
    tokenizers: Object.fromEntries(
      Object.entries(prepared.tokenizers).map(([role, t]) => [role, { file: `tokenizer-${role}.json`, json: t.toJSONString(), vocabSize: t.getVocabSize() }]),
    ),
    training,
  });
  optimizer.dispose();
  prepared.model.dispose();
  await rm(join(work, 'checkpoints'), { recursive: true, force: true });

  const summary = [
    '',
    `summary: ${task.name}, ${trainer.step} updates (${trainer.epoch} full epochs) in ${formatDuration(trainMs)} on ${backend.backend}`,
    `  train loss ${formatMetric(history.train.at(-1)?.loss ?? Number.NaN)}${history.valid.length ? `, validation loss ${formatMetric(history.valid.at(-1)!.loss)}` : ''}`,
    ...Object.entries(report.metrics).map(([k, v]) => `  held-out ${k}: ${formatMetric(v)}`),
    `  bundle: ${out} (${Object.keys(files).filter((n) => /\.(svg|png)$/.test(n)).join(', ')})`,
    '',
  ];
  io.out(`${[...summary, ...report.lines].join('\n')}\n`);
  return 0;
}

/** A writer that also stages `files` (pictures, log) so they appear with the bundle in one rename. */
function withExtraFiles(writer: BundleWriter, files: Record<string, string | Uint8Array>): BundleWriter {
  return {
    location: writer.location,
    write: (name, bytes) => writer.write(name, bytes),
    async commit() {
      for (const [name, data] of Object.entries(files)) await writer.write(name, typeof data === 'string' ? new TextEncoder().encode(data) : data);
      await writer.commit();
    },
    abort: () => writer.abort(),
  };
}


