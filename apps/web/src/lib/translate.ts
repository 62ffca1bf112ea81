/**
 * Translation with a loaded seq2seq bundle: tokenise the source, encode, decode greedily or with
 * beam search through @seqlab/models, detokenise — the conventions of `seqlab translate` (the
 * source's tokens followed by EOS, the output cut at the first EOS), so the page and the CLI give
 * the same text for the same bundle and settings. Returns the attention per output token for the
 * heat-map.
 * @module
 */
import { beamSearch, greedyDecode, type Hypothesis, type LoadedBundle, type Seq2SeqModel } from '@seqlab/models';
import * as tf from '@tensorflow/tfjs-core';
import { bundleTokenizer, specialIds } from './tokens.js';

/** Decoding settings of the translate view. */
export interface TranslateSettings {
  method: 'greedy' | 'beam';
  /** Beam width (beam search only). */
  beamWidth: number;
  /** Most output tokens, EOS included. */
  maxLength: number;
}

/** A translation and what the heat-map shows. */
export interface Translation {
  text: string;
  /** Source tokens as the model saw them (columns of the heat-map). */
  sourceTokens: string[];
  /** Generated tokens, EOS included when produced (rows of the heat-map). */
  outputTokens: string[];
  /** `[outputTokens.length][sourceTokens.length]` attention weights, or empty when the model gives none. */
  attention: number[][];
}

/**
 * Translates `text` with a `translate` bundle.
 * @throws Error for empty input, a source longer than the model accepts, or a bundle without the needed tokens.
 */
export async function translate(bundle: LoadedBundle, text: string, settings: TranslateSettings): Promise<Translation> {
  if (!text.trim()) throw new Error('enter a sentence to translate');
  if (!(Number.isInteger(settings.maxLength) && settings.maxLength >= 1)) throw new Error(`maxLength must be a positive integer, got ${settings.maxLength}`);
  const srcTok = bundleTokenizer(bundle, 'source');
  const tgtTok = bundleTokenizer(bundle, 'target');
  const { bos, eos } = specialIds(tgtTok);
  const words = Array.from(srcTok.encode(text).ids);
  if (words.length === 0) throw new Error('the source tokenizer produced no tokens for this input');
  const maxLen = (bundle.config.architecture as { maxLen?: number }).maxLen ?? Number.POSITIVE_INFINITY;
  if (words.length + 1 > maxLen) throw new Error(`the input has ${words.length} tokens; this model accepts at most ${maxLen - 1} (plus EOS)`);
  // The translators are trained on "tokens, then EOS" sources (seqlab train's convention).
  const ids = [...words, specialIds(srcTok).eos];
  const model = bundle.model as unknown as Seq2SeqModel<unknown>;
  const src = tf.tensor2d(Int32Array.from(ids), [1, ids.length], 'int32');
  const state = model.encode(src);
  let hyp: Hypothesis | undefined;
  try {
    const opts = { bosId: bos, eosId: eos, maxLength: settings.maxLength };
    hyp = settings.method === 'beam' ? (await beamSearch(model, state, 1, { ...opts, beamWidth: settings.beamWidth }))[0]![0] : (await greedyDecode(model, state, 1, opts))[0];
  } finally {
    model.disposeState(state);
    src.dispose();
  }
  const tokens = hyp!.tokens;
  const end = tokens.indexOf(eos);
  return {
    text: tgtTok.decode(end < 0 ? tokens : tokens.slice(0, end), { skipSpecialTokens: true }),
    sourceTokens: ids.map((id) => srcTok.idToToken(id) ?? `#${id}`),
    outputTokens: tokens.map((id) => tgtTok.idToToken(id) ?? `#${id}`),
    attention: hyp!.attention ?? [],
  };
}
