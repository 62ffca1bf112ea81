import { checkDecodeOptions } from './check.js';
import { logSoftmaxRow } from './host-math.js';
import { collectAttention, runStep } from './step.js';
import type { DecodeOptions, Hypothesis, StepModel } from './types.js';

/** Picks the next token of one row from its logits (`logits[offset .. offset + vocab)`). */
export type TokenChooser = (logits: Float32Array, offset: number, vocab: number) => number;

/**
 * The loop shared by greedy decoding and sampling: every row independently takes the token
 * `choose` picks until EOS or `maxLength`; finished rows are fed EOS and ignored. Each
 * hypothesis's `logProb` is the model's own log-probability of its tokens.
 */
export async function decodeRowwise<S>(model: StepModel<S>, initialState: S, rows: number, opts: DecodeOptions, choose: TokenChooser): Promise<Hypothesis[]> {
  checkDecodeOptions(opts, rows);
  const wantAttention = opts.returnAttention !== false;
  const hyps: Hypothesis[] = Array.from({ length: rows }, () => ({ tokens: [], logProb: 0, score: 0, ...(wantAttention ? { attention: [] } : {}) }));
  const done = new Array<boolean>(rows).fill(false);
  let tokens = new Int32Array(rows).fill(opts.bosId);
  let state = initialState;
  for (let t = 0; t < opts.maxLength && done.some((d) => !d); t++) {
    const { logits, vocab, next, attention } = await runStep(model, tokens, state, wantAttention);
    if (state !== initialState) model.disposeState(state);
    state = next;
    const chosen = new Int32Array(rows).fill(opts.eosId);
    for (let r = 0; r < rows; r++) {
      if (done[r]) continue;
      const id = choose(logits, r * vocab, vocab);
      chosen[r] = id;
      const h = hyps[r]!;
      h.tokens.push(id);
      h.logProb += logSoftmaxRow(logits, r * vocab, vocab)[id]!;
      collectAttention(h, attention, r);
      if (id === opts.eosId) done[r] = true;
    }
    tokens = chosen;
  }
  if (state !== initialState) model.disposeState(state);
  for (const h of hyps) h.score = h.logProb;
  return hyps;
}
