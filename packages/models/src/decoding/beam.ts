import { ValueError } from '@seqlab/core';
import { checkDecodeOptions } from './check.js';
import { logSoftmaxRow, topKIndices } from './host-math.js';
import { runStep } from './step.js';
import type { DecodeOptions, Hypothesis, StepModel } from './types.js';

/** Options of {@link beamSearch}. */
export interface BeamSearchOptions extends DecodeOptions {
  /** Hypotheses kept per batch item (default 4). Width 1 is greedy decoding. */
  beamWidth?: number;
  /**
   * Exponent α of the length normalisation `score = logProb / length^α` used to rank finished
   * hypotheses (default 1, as HF transformers; 0 ranks by raw log-probability).
   */
  lengthPenalty?: number;
  /** Hypotheses returned per item, best first (default 1, at most `beamWidth`). */
  nBest?: number;
}

interface Beam {
  row: number;
  tokens: number[];
  logProb: number;
  attention: number[][] | undefined;
}

/**
 * Batched beam search. Each item keeps `beamWidth` live hypotheses; at every step the best
 * `2·beamWidth` continuations are ranked by log-probability, EOS continuations ranked within the
 * top `beamWidth` become finished hypotheses, and the rest refill the beam. An item stops once it
 * has `beamWidth` finished hypotheses (early stopping) or at `maxLength`, where unfinished beams
 * are finalised as they are. Returns, per item, the `nBest` hypotheses by length-normalised score.
 *
 * `initialState` has one row per item; the model's `selectRows` expands it to the beams.
 */
export async function beamSearch<S>(model: StepModel<S>, initialState: S, batchSize: number, opts: BeamSearchOptions): Promise<Hypothesis[][]> {
  checkDecodeOptions(opts, batchSize);
  const K = opts.beamWidth ?? 4;
  const alpha = opts.lengthPenalty ?? 1;
  const nBest = opts.nBest ?? 1;
  if (!Number.isInteger(K) || K < 1) throw new ValueError(`beamSearch: beamWidth must be a positive integer, got ${K}`);
  if (!Number.isInteger(nBest) || nBest < 1 || nBest > K) throw new ValueError(`beamSearch: nBest must be in [1, beamWidth=${K}], got ${nBest}`);
  const wantAttention = opts.returnAttention !== false;
  const score = (logProb: number, length: number) => logProb / length ** alpha;

  let live: Beam[][] = Array.from({ length: batchSize }, (_, b) => [{ row: b, tokens: [], logProb: 0, attention: wantAttention ? [] : undefined }]);
  const finished: Hypothesis[][] = Array.from({ length: batchSize }, () => []);
  const done = new Array<boolean>(batchSize).fill(false);
  let state = initialState;

  for (let t = 0; t < opts.maxLength && done.some((d) => !d); t++) {
    const beams = live.flat();
    const tokens = Int32Array.from(beams, (beam) => (beam.tokens.length ? beam.tokens[beam.tokens.length - 1]! : opts.bosId));
    const { logits, vocab, next, attention } = await runStep(model, tokens, state, wantAttention);
    if (state !== initialState) model.disposeState(state);
    state = next;
    const nextLive: Beam[][] = [];
    for (let b = 0; b < batchSize; b++) {
      const itemBeams = live[b]!;
      if (done[b] || itemBeams.length === 0) {
        nextLive.push([]);
        continue;
      }
      const candidates: { beam: Beam; token: number; logProb: number }[] = [];
      for (const beam of itemBeams) {
        const logp = logSoftmaxRow(logits, beam.row * vocab, vocab);
        for (const token of topKIndices(logp, Math.min(2 * K, vocab))) candidates.push({ beam, token, logProb: beam.logProb + logp[token]! });
      }
      candidates.sort((x, y) => y.logProb - x.logProb || x.beam.row - y.beam.row || x.token - y.token);
      const kept: Beam[] = [];
      for (let rank = 0; rank < candidates.length && kept.length < K; rank++) {
        const c = candidates[rank]!;
        const att = c.beam.attention && attention ? [...c.beam.attention, Array.from(attention.data.subarray(c.beam.row * attention.width, (c.beam.row + 1) * attention.width))] : c.beam.attention;
        const toks = [...c.beam.tokens, c.token];
        if (c.token === opts.eosId) {
          // Only EOS within the top K counts, as in HF transformers' beam scorer.
          if (rank < K) finished[b]!.push({ tokens: toks, logProb: c.logProb, score: score(c.logProb, toks.length), ...(att ? { attention: att } : {}) });
          continue;
        }
        // `row` is the parent's row until the next state is built.
        kept.push({ row: c.beam.row, tokens: toks, logProb: c.logProb, attention: att });
      }
      if (finished[b]!.length >= K || t === opts.maxLength - 1) done[b] = true;
      nextLive.push(done[b] ? finalise(b, kept) : kept);
    }
    // Rows of the next state: each surviving beam's parent row.
    const parents: number[] = [];
    live = nextLive.map((itemBeams) =>
      itemBeams.map((beam) => {
        parents.push(beam.row);
        return { ...beam, row: parents.length - 1 };
      }),
    );
    if (parents.length === 0) break;
    const reordered = model.selectRows(state, Int32Array.from(parents));
    model.disposeState(state);
    state = reordered;
  }
  if (state !== initialState) model.disposeState(state);
  for (let b = 0; b < batchSize; b++) if (live[b]!.length) finalise(b, live[b]!);
  return finished.map((hyps) => hyps.sort((x, y) => y.score - x.score).slice(0, nBest));

  /** Adds unfinished beams of a stopping item as hypotheses (without EOS); returns no live beams. */
  function finalise(b: number, beams: Beam[]): Beam[] {
    if (finished[b]!.length < nBest) {
      for (const beam of beams) {
        finished[b]!.push({ tokens: beam.tokens, logProb: beam.logProb, score: score(beam.logProb, beam.tokens.length), ...(beam.attention ? { attention: beam.attention } : {}) });
      }
    }
    return [];
  }
}
