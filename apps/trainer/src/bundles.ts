import { CONFIG_FILE, createDefaultRegistry, loadBundle, parseConfig, Seq2SeqAttention, type ArchitectureRegistry, type BundleConfig, type LoadedBundle } from '@seqlab/models';
import { directoryReader } from '@seqlab/models/node';
import { Tokenizer } from '@seqlab/tokenizers';
import type { Module } from '@seqlab/core';
import { UsageError } from './errors.js';
import { checkSpecials } from './tokenizers.js';

/** Which subcommand runs a bundle of each task. */
export const COMMAND_OF_TASK: Record<string, string> = { translate: 'translate', 'classify-names': 'classify', 'generate-names': 'generate', lm: 'generate' };

/** A bundle loaded for a command: config, model (in eval mode) and its tokenizers by role. */
export interface OpenBundle {
  config: BundleConfig;
  model: Module;
  tokenizers: Record<string, Tokenizer>;
  /** `config.training` (flags, labels, metrics), `{}` when absent. */
  training: Record<string, unknown>;
}

/** Every architecture the trainer writes (the models package's registry, plus any it lacks). */
export function trainerRegistry(): ArchitectureRegistry {
  const r = createDefaultRegistry();
  if (!r.types().includes(Seq2SeqAttention.type)) r.register(Seq2SeqAttention.type, (c) => new Seq2SeqAttention(c.architecture as unknown as ConstructorParameters<typeof Seq2SeqAttention>[0]));
  return r;
}

/**
 * Loads the bundle folder `dir` for `command`. A bundle whose task is not in `tasks` is refused
 * with a {@link UsageError} naming its task and the command that runs it, before any weights
 * are read.
 */
export async function openBundle(dir: string, command: string, tasks?: readonly string[]): Promise<OpenBundle> {
  const reader = directoryReader(dir);
  const config = parseConfig(await reader.read(CONFIG_FILE));
  if (tasks && !tasks.includes(config.task)) {
    const other = COMMAND_OF_TASK[config.task];
    throw new UsageError(`seqlab ${command}: ${dir} is a "${config.task}" bundle, but ${command} needs a ${tasks.map((t) => `"${t}"`).join(' or ')} bundle${other ? ` (run it with seqlab ${other})` : ''}`);
  }
  const loaded: LoadedBundle = await loadBundle(reader, trainerRegistry());
  const tokenizers: Record<string, Tokenizer> = {};
  for (const [role, json] of Object.entries(loaded.tokenizers)) {
    const tok = Tokenizer.fromJSON(json as Record<string, unknown>);
    checkSpecials(tok, `${dir}: tokenizer ${role}`);
    tokenizers[role] = tok;
  }
  loaded.model.eval();
  return { config: loaded.config, model: loaded.model, tokenizers, training: (loaded.config.training ?? {}) as Record<string, unknown> };
}
