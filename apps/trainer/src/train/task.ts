import type { Module } from '@seqlab/core';
import type { LossFn } from '@seqlab/train';
import type { Tokenizer } from '@seqlab/tokenizers';
import type { FlagSpecs, FlagValues } from '../args.js';
import type { CliIo } from '../io.js';

/** A model the trainer can bundle: a Module with its JSON config. */
export type BundledModel = Module & { readonly config: object };

/** What the end of a training run adds to the bundle and prints. */
export interface FinalReport {
  /** Held-out metrics (BLEU, accuracy, perplexity...), also stored in config.json `training.metrics`. */
  metrics: Record<string, number>;
  /** Lines printed after the summary (sample translations, generated names...). */
  lines: string[];
  /** Extra files written into the bundle folder (pictures), by file name. */
  files: Record<string, string | Uint8Array>;
}

/** A task, set up for training: model, tokenizers, batches, loss and the final evaluation. */
export interface PreparedTask<B> {
  model: BundledModel;
  /** `architecture.type` of the model in bundles. */
  architectureType: string;
  /** Tokenizers by bundle role (`source`, `target`, `text`, `names`...). */
  tokenizers: Record<string, Tokenizer>;
  /** Extra task data stored in config.json `training` (e.g. class labels). */
  bundleExtras: Record<string, unknown>;
  loss: LossFn<B>;
  /** Training batches of an epoch (deterministic in `epoch`, so a resume replays it). */
  trainBatches(epoch: number): B[];
  /** Validation batches (mean loss for the loss curve). */
  validBatches(): B[];
  tokensOf(b: B): number;
  /** One line describing the data (sizes of the splits, vocabulary sizes). */
  describe: string[];
  /** The held-out evaluation and pictures, on the trained model. */
  final(io: CliIo): Promise<FinalReport>;
}

/** A trainable task: its flags and how to prepare it. */
export interface TaskDefinition {
  /** The bundle `task` name (`translate`, `classify-names`...). */
  name: string;
  /** One line for `seqlab help`. */
  summary: string;
  /** Flags of `seqlab train <task>` beyond the common ones. */
  flags: FlagSpecs;
  /** Defaults of common flags this task changes (steps, lr, batch size...). */
  defaults: Partial<Record<string, string | number | boolean>>;
  /**
   * Builds data, tokenizers and model from the flags. `saved` holds tokenizer.json texts of an
   * interrupted run being resumed: reuse them rather than training new ones.
   */
  prepare(flags: FlagValues, saved: Record<string, string> | null, io: CliIo): Promise<PreparedTask<unknown>>;
}
