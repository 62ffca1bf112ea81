import { argmax } from './host-math.js';
import { decodeRowwise } from './rowwise.js';
import type { DecodeOptions, Hypothesis, StepModel } from './types.js';

/**
 * Greedy decoding: at every step each row takes its most likely token (the first on ties), until
 * EOS or `maxLength`. Returns one hypothesis per row.
 */
export function greedyDecode<S>(model: StepModel<S>, initialState: S, rows: number, opts: DecodeOptions): Promise<Hypothesis[]> {
  return decodeRowwise(model, initialState, rows, opts, (logits, offset, vocab) => argmax(logits.subarray(offset, offset + vocab)));
}
