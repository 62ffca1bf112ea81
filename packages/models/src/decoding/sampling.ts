import { defaultGenerator, ValueError, type Generator } from '@seqlab/core';
import { logSoftmaxRow } from './host-math.js';
import { decodeRowwise } from './rowwise.js';
import type { DecodeOptions, Hypothesis, StepModel } from './types.js';

/** Options of {@link sampleDecode}. */
export interface SamplingOptions extends DecodeOptions {
  /** Divides the logits before the softmax (default 1; lower is more conservative). */
  temperature?: number;
  /** Sample only among the `topK` most likely tokens (default: all). */
  topK?: number;
  /** Nucleus sampling: the smallest set of most likely tokens whose probability reaches `topP` (default 1). */
  topP?: number;
  /** Random source (default: the process-wide generator). */
  rng?: Generator;
}

/**
 * Ancestral sampling with temperature, top-k and top-p (nucleus) filtering, applied in that order
 * as in HF transformers. Seeded: the same `rng` state gives the same samples on every backend.
 */
export function sampleDecode<S>(model: StepModel<S>, initialState: S, rows: number, opts: SamplingOptions): Promise<Hypothesis[]> {
  const temperature = opts.temperature ?? 1;
  if (!(temperature > 0)) return Promise.reject(new ValueError(`sampleDecode: temperature must be > 0, got ${temperature}`));
  const topP = opts.topP ?? 1;
  if (!(topP > 0 && topP <= 1)) return Promise.reject(new ValueError(`sampleDecode: topP must be in (0, 1], got ${topP}`));
  if (opts.topK !== undefined && (!Number.isInteger(opts.topK) || opts.topK < 1)) {
    return Promise.reject(new ValueError(`sampleDecode: topK must be a positive integer, got ${opts.topK}`));
  }
  const rng = opts.rng ?? defaultGenerator();
  return decodeRowwise(model, initialState, rows, opts, (logits, offset, vocab) =>
    sampleFiltered(logSoftmaxRow(logits, offset, vocab, temperature), opts.topK, topP, rng),
  );
}

/**
 * Draws one index from log-probabilities after top-k then top-p filtering (the filtered
 * distribution is renormalised).
 */
export function sampleFiltered(logp: Float64Array, topK: number | undefined, topP: number, rng: Generator): number {
  const order = Array.from({ length: logp.length }, (_, i) => i).sort((a, b) => logp[b]! - logp[a]! || a - b);
  let keep = topK === undefined ? order.length : Math.min(topK, order.length);
  if (topP < 1) {
    let cum = 0;
    let n = 0;
    let mass = 0;
    for (let i = 0; i < keep; i++) mass += Math.exp(logp[order[i]!]!);
    // Smallest prefix whose (renormalised within top-k) mass reaches topP; always at least one.
    while (n < keep) {
      cum += Math.exp(logp[order[n]!]!) / mass;
      n++;
      if (cum >= topP) break;
    }
    keep = n;
  }
  let total = 0;
  for (let i = 0; i < keep; i++) total += Math.exp(logp[order[i]!]!);
  let u = rng.random() * total;
  for (let i = 0; i < keep; i++) {
    u -= Math.exp(logp[order[i]!]!);
    if (u <= 0) return order[i]!;
  }
  return order[keep - 1]!;
}
