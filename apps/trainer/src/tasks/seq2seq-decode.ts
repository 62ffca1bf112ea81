import { beamSearch, greedyDecode, type Hypothesis, type Seq2SeqModel } from '@seqlab/models';
import type { Tokenizer } from '@seqlab/tokenizers';
import { tensor2d } from '@tensorflow/tfjs-core';
import { decodeIds, encodeIds, EOS_ID, BOS_ID, PAD_ID } from '../tokenizers.js';

/** One translated sentence. */
export interface Translation {
  source: string;
  output: string;
  /** Source tokens as the model saw them (EOS last), for attention axes. */
  sourceTokens: string[];
  /** Output tokens (EOS last when generated). */
  outputTokens: string[];
  /** `[outputTokens.length][sourceTokens.length]` attention weights, when the model gives them. */
  attention?: number[][];
  /** Sum of token log-probabilities. */
  logProb: number;
}

/** Options of {@link translateTexts}. */
export interface TranslateOptions {
  /** Beam width (1: greedy). */
  beam: number;
  /** Most output tokens per sentence, EOS included. */
  maxLength: number;
  /** Longest source (in tokens, EOS included) the model accepts; longer sources are cut. */
  maxSourceLength: number;
  /** Sentences decoded together (default 64). */
  batchSize?: number;
  /** Called after each batch with sentences done and the total (evaluation progress). */
  onProgress?: (done: number, total: number) => void;
}

/** Source ids as the translator is trained on them: the tokens, then EOS. */
export function sourceIds(tok: Tokenizer, text: string, max: number): number[] {
  return [...encodeIds(tok, text).slice(0, max - 1), EOS_ID];
}

/**
 * Translates `texts` with greedy decoding or beam search, in batches of similar lengths (less
 * padding). Works with any {@link Seq2SeqModel}; returns results in input order.
 */
export async function translateTexts(model: Seq2SeqModel<unknown>, srcTok: Tokenizer, tgtTok: Tokenizer, texts: readonly string[], opts: TranslateOptions): Promise<Translation[]> {
  const ids = texts.map((t) => sourceIds(srcTok, t, opts.maxSourceLength));
  const order = [...ids.keys()].sort((a, b) => ids[a]!.length - ids[b]!.length);
  const out: Translation[] = new Array(texts.length);
  const bs = opts.batchSize ?? 64;
  for (let start = 0; start < order.length; start += bs) {
    const rows = order.slice(start, start + bs);
    const S = Math.max(...rows.map((r) => ids[r]!.length));
    const flat = new Int32Array(rows.length * S).fill(PAD_ID);
    rows.forEach((r, i) => flat.set(ids[r]!, i * S));
    const src = tensor2d(flat, [rows.length, S], 'int32');
    const state = model.encode(src);
    const dec = { bosId: BOS_ID, eosId: EOS_ID, maxLength: opts.maxLength };
    let hyps: Hypothesis[];
    try {
      hyps = opts.beam > 1 ? (await beamSearch(model, state, rows.length, { ...dec, beamWidth: opts.beam })).map((b) => b[0]!) : await greedyDecode(model, state, rows.length, dec);
    } finally {
      model.disposeState(state);
      src.dispose();
    }
    rows.forEach((r, i) => {
      const h = hyps[i]!;
      const srcIds = ids[r]!;
      out[r] = {
        source: texts[r]!,
        output: decodeIds(tgtTok, h.tokens),
        sourceTokens: srcIds.map((id) => srcTok.idToToken(id) ?? '?'),
        outputTokens: h.tokens.map((id) => tgtTok.idToToken(id) ?? '?'),
        // Attention over the padded source: keep the real positions only.
        ...(h.attention ? { attention: h.attention.map((row) => row.slice(0, srcIds.length)) } : {}),
        logProb: h.logProb,
      };
    });
    opts.onProgress?.(Math.min(start + bs, order.length), order.length);
  }
  return out;
}
