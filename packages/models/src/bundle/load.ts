import { parseSafetensors, SafetensorsError, type Module } from '@seqlab/core';
import { BundleError } from './errors.js';
import { CONFIG_FILE, parseConfig, WEIGHTS_FILE, type BundleConfig } from './format.js';
import type { BundleReader } from './io.js';
import type { ArchitectureRegistry } from './registry.js';
import { tokenizerVocabSize } from './tokenizer-json.js';

/** A loaded bundle: its config, the model with its weights, and the tokenizers' JSON by role. */
export interface LoadedBundle<M extends Module = Module> {
  config: BundleConfig;
  model: M;
  /** Parsed tokenizer.json documents by role, for `Tokenizer.fromJSON` of @seqlab/tokenizers. */
  tokenizers: Record<string, unknown>;
}

/** Options of {@link loadBundle}. */
export interface LoadBundleOptions {
  /** Refuse a bundle whose task differs (e.g. a `translate` command given an `lm` bundle). */
  task?: string;
}

/**
 * Loads a bundle through `reader` (a folder in Node, URLs in the browser — one code path).
 * Checks, in order, and throws a {@link BundleError} naming the file and the mismatch: the
 * config (format, version, task), every tokenizer file (JSON, and its vocabulary size against the
 * config), the weights (a valid safetensors file whose names, shapes and dtypes equal the model
 * built from the config). Nothing partially loaded stays in memory on failure.
 */
export async function loadBundle<M extends Module = Module>(reader: BundleReader, registry: ArchitectureRegistry, opts: LoadBundleOptions = {}): Promise<LoadedBundle<M>> {
  const config = parseConfig(await reader.read(CONFIG_FILE));
  if (opts.task && config.task !== opts.task) {
    throw new BundleError(`this is a "${config.task}" bundle, but a "${opts.task}" bundle is needed`, CONFIG_FILE);
  }
  const tokenizers: Record<string, unknown> = {};
  for (const [role, t] of Object.entries(config.tokenizers)) {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await reader.read(t.file)));
    } catch (e) {
      if (e instanceof BundleError) throw e;
      throw new BundleError(`not valid UTF-8 JSON (${(e as Error).message})`, t.file, { cause: e });
    }
    const size = tokenizerVocabSize(json, t.file);
    if (size !== t.vocabSize) {
      throw new BundleError(`the ${role} tokenizer has ${size} tokens but the model was built for ${t.vocabSize} (config.json tokenizers.${role}.vocabSize)`, t.file);
    }
    tokenizers[role] = json;
  }
  let weights: ReturnType<typeof parseSafetensors>;
  try {
    weights = parseSafetensors(await reader.read(WEIGHTS_FILE));
  } catch (e) {
    if (e instanceof SafetensorsError) throw new BundleError(e.message, WEIGHTS_FILE, { cause: e });
    throw e;
  }
  const model = registry.build(config) as M;
  try {
    const own = model.stateDict();
    for (const [name, t] of Object.entries(weights.tensors)) {
      const target = own[name];
      if (target && target.dtype !== t.dtype) {
        throw new BundleError(`tensor ${name} is ${t.dtype} but the model's is ${target.dtype}`, WEIGHTS_FILE);
      }
    }
    try {
      model.loadStateDict(weights.tensors, { strict: true });
    } catch (e) {
      throw new BundleError(`does not match the architecture in ${CONFIG_FILE}: ${(e as Error).message}`, WEIGHTS_FILE, { cause: e });
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { config, model, tokenizers };
}
