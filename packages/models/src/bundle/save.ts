import { saveWeights, type Module } from '@seqlab/core';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, CONFIG_FILE, WEIGHTS_FILE, type BundleConfig } from './format.js';
import type { BundleWriter } from './io.js';

/** What {@link saveBundle} writes. */
export interface SaveBundleInput {
  task: string;
  architecture: BundleConfig['architecture'];
  model: Module;
  /** Tokenizers by role: file name, HF tokenizer.json text, and the vocabulary size the model uses. */
  tokenizers: Record<string, { file: string; json: string; vocabSize: number }>;
  training?: Record<string, unknown>;
}

/**
 * Writes a bundle — config.json, model.safetensors (the state dict, PyTorch names) and the
 * tokenizer files — through `writer`, committing only when every file is staged; on any error
 * the staged files are discarded and the error rethrown.
 */
export async function saveBundle(writer: BundleWriter, input: SaveBundleInput): Promise<BundleConfig> {
  const config: BundleConfig = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    task: input.task,
    architecture: input.architecture,
    tokenizers: Object.fromEntries(Object.entries(input.tokenizers).map(([role, t]) => [role, { file: t.file, vocabSize: t.vocabSize }])),
    ...(input.training ? { training: input.training } : {}),
  };
  const enc = new TextEncoder();
  try {
    await writer.write(CONFIG_FILE, enc.encode(`${JSON.stringify(config, null, 2)}\n`));
    await writer.write(WEIGHTS_FILE, saveWeights(input.model, { format: 'pt', task: input.task }));
    for (const t of Object.values(input.tokenizers)) await writer.write(t.file, enc.encode(t.json));
    await writer.commit();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return config;
}
