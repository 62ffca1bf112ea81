import { BundleError } from './errors.js';

/** The `format` field of every bundle's config.json. */
export const BUNDLE_FORMAT = 'seqlab-bundle';
/** The newest bundle format version this library reads and the one it writes. */
export const BUNDLE_FORMAT_VERSION = 1;
/** File names inside a bundle. */
export const CONFIG_FILE = 'config.json';
export const WEIGHTS_FILE = 'model.safetensors';

/** config.json of a bundle. */
export interface BundleConfig {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  /** The task the model does, e.g. `translate`, `classify-names`, `lm`. */
  task: string;
  /** Architecture type (a key of the {@link ArchitectureRegistry}) and its hyperparameters. */
  architecture: { type: string; [hyperparameter: string]: unknown };
  /**
   * Tokenizer files by role (`source`, `target`, `text`, ...) -> file name in the bundle, with
   * the vocabulary size the model's embedding for that role expects.
   */
  tokenizers: Record<string, { file: string; vocabSize: number }>;
  /** Free-form training summary (steps, metrics, data, time). */
  training?: Record<string, unknown>;
}

/** Parses and validates config.json. */
export function parseConfig(bytes: Uint8Array): BundleConfig {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new BundleError(`not valid UTF-8 JSON (${(e as Error).message})`, CONFIG_FILE, { cause: e });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BundleError('must be a JSON object', CONFIG_FILE);
  const c = json as Record<string, unknown>;
  if (c.format !== BUNDLE_FORMAT) throw new BundleError(`format must be "${BUNDLE_FORMAT}", got ${JSON.stringify(c.format)}`, CONFIG_FILE);
  if (!Number.isInteger(c.formatVersion) || (c.formatVersion as number) < 1) {
    throw new BundleError(`formatVersion must be a positive integer, got ${JSON.stringify(c.formatVersion)}`, CONFIG_FILE);
  }
  if ((c.formatVersion as number) > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(`formatVersion ${c.formatVersion} is newer than this library reads (${BUNDLE_FORMAT_VERSION}): upgrade @seqlab/models`, CONFIG_FILE);
  }
  if (typeof c.task !== 'string' || !c.task) throw new BundleError('task must be a non-empty string', CONFIG_FILE);
  const arch = c.architecture as Record<string, unknown> | undefined;
  if (typeof arch !== 'object' || arch === null || typeof arch.type !== 'string') throw new BundleError('architecture.type must be a string', CONFIG_FILE);
  const toks = c.tokenizers as Record<string, unknown> | undefined;
  if (typeof toks !== 'object' || toks === null || Array.isArray(toks)) throw new BundleError('tokenizers must be an object of role -> {file, vocabSize}', CONFIG_FILE);
  for (const [role, t] of Object.entries(toks)) {
    const e = t as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e.file !== 'string' || !/^[\w.-]+$/.test(e.file)) {
      throw new BundleError(`tokenizers.${role}.file must be a plain file name`, CONFIG_FILE);
    }
    if (!Number.isInteger(e.vocabSize) || (e.vocabSize as number) < 1) throw new BundleError(`tokenizers.${role}.vocabSize must be a positive integer`, CONFIG_FILE);
  }
  return c as unknown as BundleConfig;
}
