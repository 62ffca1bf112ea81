import type { Generator } from '@seqlab/core';
import { beamSearch, sampleDecode, type NameGenerator } from '@seqlab/models';
import type { Tokenizer } from '@seqlab/tokenizers';
import { BOS_ID, decodeIds, EOS_ID } from '../tokenizers.js';

/** Options of {@link sampleNames}. */
export interface SampleNameOptions {
  temperature?: number;
  topK?: number;
  topP?: number;
  /** Beam search instead of sampling (the most likely names). */
  beam?: number;
  maxLength?: number;
  rng: Generator;
}

/** `count` names of category `category` (sampled, or the beam's best). */
export async function sampleNames(model: NameGenerator, tok: Tokenizer, category: number, count: number, opts: SampleNameOptions): Promise<string[]> {
  const dec = { bosId: BOS_ID, eosId: EOS_ID, maxLength: opts.maxLength ?? 24 };
  if (opts.beam && opts.beam > 1) {
    const state = model.start(Int32Array.of(category));
    try {
      const hyps = await beamSearch(model, state, 1, { ...dec, beamWidth: opts.beam, nBest: Math.min(count, opts.beam) });
      return hyps[0]!.map((h) => decodeIds(tok, h.tokens));
    } finally {
      model.disposeState(state);
    }
  }
  const state = model.start(new Int32Array(count).fill(category));
  try {
    const hyps = await sampleDecode(model, state, count, {
      ...dec,
      rng: opts.rng,
      ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
      ...(opts.topK !== undefined ? { topK: opts.topK } : {}),
      ...(opts.topP !== undefined ? { topP: opts.topP } : {}),
    });
    return hyps.map((h) => decodeIds(tok, h.tokens));
  } finally {
    model.disposeState(state);
  }
}
