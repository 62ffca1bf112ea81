/**
 * Sampling from the names generator and the language models, and classifying a name, through the
 * task-model contracts of @seqlab/models (`start(...)` + StepModel, `forward(ids, lengths)`).
 * @module
 */
import { Generator } from '@seqlab/core';
import { sampleDecode, type LoadedBundle, type StepModel } from '@seqlab/models';
import type { Tokenizer } from '@seqlab/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import { bundleTokenizer, specialIds } from './tokens.js';

/** Sampling settings. */
export interface SampleSettings {
  temperature: number;
  topK?: number;
  topP?: number;
  maxLength: number;
  /** Seed of the sampler: the same seed gives the same text on every backend. */
  seed: number;
}

interface StartModel<S> extends StepModel<S> {
  start(arg: Int32Array | number): S;
}

/** The bundle's only (or first) tokenizer: names and LM bundles have one. */
export function mainTokenizer(bundle: LoadedBundle): Tokenizer {
  const roles = Object.keys(bundle.tokenizers);
  if (roles.length === 0) throw new Error('config.json lists no tokenizer');
  return bundleTokenizer(bundle, roles.includes('text') ? 'text' : roles[0]!);
}

function startModel(bundle: LoadedBundle): StartModel<unknown> {
  const m = bundle.model as unknown as Partial<StartModel<unknown>>;
  if (typeof m.start !== 'function' || typeof m.step !== 'function') throw new Error(`architecture "${bundle.config.architecture.type}" cannot generate (it has no start/step)`);
  return m as StartModel<unknown>;
}

/**
 * Samples `rows` sequences: `prime` ids are fed first (all but the last, building the state), and
 * sampling starts from the last one.
 */
async function sample(bundle: LoadedBundle, rows: number, startArg: Int32Array | number, prime: number[], s: SampleSettings): Promise<number[][]> {
  if (!(s.temperature > 0)) throw new Error(`temperature must be > 0, got ${s.temperature}`);
  if (!(Number.isInteger(s.maxLength) && s.maxLength >= 1)) throw new Error(`length must be a positive integer, got ${s.maxLength}`);
  const { eos } = specialIds(mainTokenizer(bundle));
  const model = startModel(bundle);
  let state = model.start(startArg);
  try {
    for (const id of prime.slice(0, -1)) {
      const out = model.step(Int32Array.from({ length: rows }, () => id), state);
      tf.dispose([out.logits, ...(out.attention ? [out.attention] : [])]);
      model.disposeState(state);
      state = out.state;
    }
    const hyps = await sampleDecode(model, state, rows, {
      bosId: prime[prime.length - 1]!,
      eosId: eos,
      maxLength: s.maxLength,
      temperature: s.temperature,
      ...(s.topK ? { topK: s.topK } : {}),
      ...(s.topP !== undefined ? { topP: s.topP } : {}),
      rng: new Generator(s.seed),
      returnAttention: false,
    });
    return hyps.map((h) => h.tokens.filter((t) => t !== eos));
  } finally {
    model.disposeState(state);
  }
}

/** `count` names of language `category` from a `generate-names` bundle (sampling starts at BOS). */
export async function generateNames(bundle: LoadedBundle, category: number, count: number, s: SampleSettings): Promise<string[]> {
  const tok = mainTokenizer(bundle);
  const ids = await sample(bundle, count, new Int32Array(count).fill(category), [specialIds(tok).bos], s);
  return ids.map((x) => tok.decode(x, { skipSpecialTokens: true }));
}

/**
 * Continues `prompt` with an `lm` bundle, as `seqlab generate` does: the LMs are trained on
 * running text without BOS, so the prompt's own last token starts sampling (an empty prompt is a
 * space). Returns prompt + continuation.
 */
export async function generateText(bundle: LoadedBundle, prompt: string, s: SampleSettings): Promise<string> {
  const tok = mainTokenizer(bundle);
  let prime = Array.from(tok.encode(prompt).ids);
  if (prime.length === 0) prime = Array.from(tok.encode(' ').ids);
  if (prime.length === 0) throw new Error("the prompt has no tokens in this model's vocabulary");
  const [ids] = await sample(bundle, 1, 1, prime, s);
  return tok.decode([...prime, ...ids!], { skipSpecialTokens: true });
}

/** Probabilities of each class for `name` from a `classify-names` bundle (softmax of the logits). */
export async function classifyName(bundle: LoadedBundle, name: string): Promise<number[]> {
  if (!name.trim()) throw new Error('enter a name to classify');
  const tok = mainTokenizer(bundle);
  const ids = tok.encode(name.trim()).ids;
  if (ids.length === 0) throw new Error('the tokenizer produced no tokens for this name');
  const m = bundle.model as unknown as { forward(ids: tf.Tensor, lengths: readonly number[]): tf.Tensor };
  if (typeof m.forward !== 'function') throw new Error(`architecture "${bundle.config.architecture.type}" cannot classify`);
  const probs = tf.tidy(() => tf.softmax(m.forward(tf.tensor2d(Int32Array.from(ids), [1, ids.length], 'int32'), [ids.length])));
  const out = Array.from(await probs.data());
  probs.dispose();
  return out;
}
