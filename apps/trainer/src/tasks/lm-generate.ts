import type { Generator, Module } from '@seqlab/core';
import { sampleDecode, type StepModel } from '@seqlab/models';
import type { Tokenizer } from '@seqlab/tokenizers';
import { dispose } from '@tensorflow/tfjs-core';
import { EOS_ID } from '../tokenizers.js';

/** Options of {@link generateText}. */
export interface GenerateTextOptions {
  maxTokens: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  rng: Generator;
}

/** An LM that can start an empty decoding state. */
export type StartableLm = StepModel<unknown> & Module & { start(rows: number): unknown };

/**
 * Continues `prompt` with a language model: the prompt's tokens but the last are fed one by one
 * (building the state), then sampling starts from its last token. The LM was trained on running
 * text without BOS, so its own last token is the natural start. Returns prompt + continuation;
 * for a model with a `maxLen` (Transformer LM) the prompt keeps its last maxLen/2 tokens and the
 * continuation stops at maxLen tokens in all.
 */
export async function generateText(model: StartableLm, tok: Tokenizer, prompt: string, opts: GenerateTextOptions): Promise<string> {
  let ids = Array.from(tok.encode(prompt).ids);
  if (ids.length === 0) ids = Array.from(tok.encode(' ').ids);
  if (ids.length === 0) throw new Error('generate: the prompt has no tokens in this model\'s vocabulary');
  // A Transformer LM has learned positions up to maxLen only: keep prompt + continuation inside.
  const maxLen = (model as { config?: { maxLen?: number } }).config?.maxLen;
  let maxTokens = Math.max(1, opts.maxTokens);
  if (maxLen !== undefined) {
    if (ids.length > maxLen / 2) ids = ids.slice(ids.length - Math.floor(maxLen / 2));
    maxTokens = Math.max(1, Math.min(maxTokens, maxLen - ids.length));
  }
  let state = model.start(1);
  try {
    for (const id of ids.slice(0, -1)) {
      const out = model.step(Int32Array.of(id), state);
      dispose([out.logits, ...(out.attention ? [out.attention] : [])]);
      model.disposeState(state);
      state = out.state;
    }
    const [h] = await sampleDecode(model, state, 1, {
      bosId: ids[ids.length - 1]!,
      eosId: EOS_ID,
      maxLength: maxTokens,
      rng: opts.rng,
      ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
      ...(opts.topK !== undefined ? { topK: opts.topK } : {}),
      ...(opts.topP !== undefined ? { topP: opts.topP } : {}),
    });
    return tok.decode([...ids, ...h!.tokens.filter((t) => t !== EOS_ID)], { skipSpecialTokens: true });
  } finally {
    model.disposeState(state);
  }
}
