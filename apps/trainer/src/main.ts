import { BundleError } from '@seqlab/models';
import { DataFormatError } from '@seqlab/data';
import { formatFlags, parseFlags, type FlagSpecs } from './args.js';
import { BENCH_FLAGS, runBench } from './commands/bench.js';
import { CLASSIFY_FLAGS, runClassify } from './commands/classify.js';
import { EVAL_FLAGS, runEval } from './commands/eval.js';
import { GENERATE_FLAGS, runGenerate } from './commands/generate.js';
import { runTranslate, TRANSLATE_FLAGS } from './commands/translate.js';
import { EXIT_USAGE, UsageError } from './errors.js';
import { runInfo } from './info.js';
import { processIo, type CliIo } from './io.js';
import { TASKS } from './tasks/registry.js';
import { runTrain, trainHelp } from './train/run.js';

/** Subcommands and their one-line help. */
export const COMMANDS: Record<string, string> = {
  info: 'Node and tfjs versions, every backend (available / chosen / why not), threads, SIMD',
  train: 'train a task: seqlab train <task> [--flags]  (seqlab train <task> --help lists its flags)',
  eval: 'the task\'s metric on the held-out split (or --data): seqlab eval <bundle>',
  translate: 'translate arguments or stdin lines: seqlab translate <bundle> [text...] [--beam N] [--json]',
  classify: 'languages of names: seqlab classify <bundle> [name...] [--json]',
  generate: 'names of languages, or text from prompts: seqlab generate <bundle> [language|prompt...] [--temperature T] [--top-k K] [--top-p P]',
  bench: 'training throughput of the task models on each backend, PyTorch CPU beside it',
};

/** The top-level help text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'usage: seqlab <command> [args] [--flags]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([c, h]) => `  ${c.padEnd(width)}${h}`),
    '',
    `tasks: ${Object.keys(TASKS).join(', ')}`,
    '',
  ].join('\n');
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit status: 0 on
 * success, 2 for a usage error, 1 for a failure (bad data, bad bundle...), 130 after Ctrl-C.
 * Messages go to `io`; nothing here calls `process.exit`, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DataFormatError || e instanceof BundleError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    io.err(`error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(usage());
    return command === undefined ? EXIT_USAGE : 0;
  }
  switch (command) {
    case 'info': {
      const { values } = parseFlags('info', rest, { json: { type: 'boolean', default: false, help: 'print JSON' } });
      return runInfo(io, Boolean(values.json));
    }
    case 'train': {
      const [name, ...flags] = rest;
      const task = name === undefined ? undefined : TASKS[name];
      if (!task) {
        throw new UsageError(`seqlab train: ${name === undefined ? 'missing task' : `unknown task "${name}"`} (valid tasks: ${Object.keys(TASKS).join(', ')})`);
      }
      if (flags.includes('--help') || flags.includes('-h')) {
        io.out(trainHelp(task));
        return 0;
      }
      return runTrain(task, flags, io);
    }
    case 'eval':
      return withHelp(rest, io, 'eval <bundle>', EVAL_FLAGS, runEval);
    case 'translate':
      return withHelp(rest, io, 'translate <bundle> [text...]', TRANSLATE_FLAGS, runTranslate);
    case 'classify':
      return withHelp(rest, io, 'classify <bundle> [name...]', CLASSIFY_FLAGS, runClassify);
    case 'generate':
      return withHelp(rest, io, 'generate <bundle> [language|prompt...]', GENERATE_FLAGS, runGenerate);
    case 'bench':
      return withHelp(rest, io, 'bench', BENCH_FLAGS, runBench);
    default:
      throw new UsageError(`unknown command "${command}" (valid commands: ${Object.keys(COMMANDS).join(', ')})`);
  }
}

/** `--help` for a subcommand, else runs it. */
function withHelp(argv: readonly string[], io: CliIo, synopsis: string, flags: FlagSpecs, run: (argv: readonly string[], io: CliIo) => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`usage: seqlab ${synopsis} [--flags]\n\n${formatFlags(flags)}\n`);
    return Promise.resolve(0);
  }
  return run(argv, io);
}
