/**
 * Test support for the RNN task models (not exported): PyTorch fixture cases (weights in, logits
 * and parameter gradients compared), a bundle round trip through memory, and synthetic names.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator, Module } from '@seqlab/core';
import { expectClose, fromFixture, type FixtureArray } from '@seqlab/testing';
import { expect } from 'vitest';
import { loadBundle } from '../bundle/load.js';
import { beamSearch } from '../decoding/beam.js';
import { greedyDecode } from '../decoding/greedy.js';
import type { DecodeOptions, Hypothesis, StepModel } from '../decoding/types.js';
import { memoryReader, memoryWriter } from '../bundle/io.js';
import { saveBundle } from '../bundle/save.js';
import { createDefaultRegistry } from './architectures.js';

/** What every case of tooling/fixtures/models_rnn_fixtures.py holds. */
export interface TorchModelCase {
  config: Record<string, unknown>;
  state: Record<string, FixtureArray>;
  outGrad: FixtureArray;
  grads: Record<string, FixtureArray>;
}

/** Loads a case's PyTorch state dict into `model`, after checking names (and order) match. */
export function loadTorchState(model: Module, c: TorchModelCase): void {
  expect(Object.keys(model.stateDict())).toEqual(Object.keys(c.state));
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  model.loadStateDict(sd, { strict: true });
  tf.dispose(Object.values(sd));
}

/**
 * Gradients of sum(logits ⊙ outGrad) for every parameter of `model`, compared by state-dict name
 * with the case's PyTorch gradients at `atol`.
 */
export async function expectTorchGrads(model: Module, logitsOf: () => tf.Tensor, c: TorchModelCase, atol = 1e-5): Promise<void> {
  const w = fromFixture(c.outGrad);
  const named = model.namedParameters();
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(logitsOf(), w)) as tf.Scalar, named.map(([, p]) => p));
  try {
    expect(named.map(([k]) => k).sort()).toEqual(Object.keys(c.grads).sort());
    for (const [name, p] of named) {
      try {
        await expectClose(grads[p.name]!, c.grads[name]!, atol);
      } catch (e) {
        throw new Error(`gradient of ${name}: ${(e as Error).message}`);
      }
    }
  } finally {
    tf.dispose([w, value, ...Object.values(grads)]);
  }
}

/**
 * Saves `model` as a bundle in memory (config = `{ type, ...model.config }`) and loads it back
 * through `createDefaultRegistry()`. The caller disposes the loaded model.
 */
export async function bundleRoundTrip<M extends Module>(task: string, type: string, model: M & { config: object }, vocabSize: number): Promise<M> {
  const w = memoryWriter();
  await saveBundle(w, {
    task,
    architecture: { type, ...model.config },
    model,
    tokenizers: { text: { file: 'tokenizer.json', json: charTokenizerJson(vocabSize), vocabSize } },
  });
  const { model: loaded, config } = await loadBundle<M>(memoryReader(w.files), createDefaultRegistry(), { task });
  expect(config.architecture).toEqual({ type, ...model.config });
  return loaded;
}

/**
 * Two synthetic "languages" of names over the letters 3..12 (ids 0..2 are pad, BOS, EOS):
 * language 0 alternates the letters 3..7 ("consonant, vowel"), language 1 uses only 8..12, so a
 * model must look at the characters to tell them apart, and lengths vary from 2 to `maxLen`.
 */
export function syntheticName(lang: number, rng: Generator, maxLen = 7): number[] {
  const n = 2 + rng.int(maxLen - 1);
  return Array.from({ length: n }, (_, i) => (lang === 0 ? 3 + (i % 2 === 0 ? rng.int(3) : 3 + rng.int(2)) : 8 + rng.int(5)));
}

/** Pads rows of ids to one `[N, T]` int32 tensor with `pad`. */
export function padBatch(rows: number[][], pad: number, width = Math.max(...rows.map((r) => r.length))): tf.Tensor {
  return tf.tensor2d(
    rows.map((r) => [...r, ...new Array<number>(width - r.length).fill(pad)]),
    [rows.length, width],
    'int32',
  );
}

/**
 * An HF tokenizer.json for a character vocabulary of `n` ids: `<pad>`, `<s>`, `</s>`, then the
 * letters a, b, c, ... (the bundle loader checks its size against the model's vocabulary).
 */
export function charTokenizerJson(n: number): string {
  const specials = ['<pad>', '<s>', '</s>'];
  const tokens = Array.from({ length: n }, (_, i) => specials[i] ?? String.fromCharCode(97 + i - specials.length));
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.slice(0, n).map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { String: '' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), unk_token: '<pad>' },
  });
}

/**
 * Greedy decoding and beam search of width 1, each from a fresh `start()` state of `rows` rows,
 * give the same tokens (the decoding contract every step model must meet). Returns the greedy
 * hypotheses.
 */
export async function expectBeamOneIsGreedy<S>(m: StepModel<S> & { disposeState(s: S): void }, start: () => S, rows: number, opts: DecodeOptions): Promise<Hypothesis[]> {
  const s1 = start();
  const greedy = await greedyDecode(m, s1, rows, opts);
  m.disposeState(s1);
  const s2 = start();
  const beam = await beamSearch(m, s2, rows, { ...opts, beamWidth: 1 });
  m.disposeState(s2);
  expect(beam.map((b) => b[0]!.tokens)).toEqual(greedy.map((g) => g.tokens));
  return greedy;
}
