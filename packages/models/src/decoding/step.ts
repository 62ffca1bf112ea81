import { dispose } from '@tensorflow/tfjs-core';
import { ShapeError } from '@seqlab/core';
import type { Hypothesis, StepModel } from './types.js';

/** Runs one model step and reads its outputs to the host (asynchronously: safe on WebGPU). */
export async function runStep<S>(
  model: StepModel<S>,
  tokens: Int32Array,
  state: S,
  wantAttention: boolean,
): Promise<{ logits: Float32Array; vocab: number; next: S; attention: { data: Float32Array; width: number } | null }> {
  const out = model.step(tokens, state);
  try {
    if (out.logits.rank !== 2 || out.logits.shape[0] !== tokens.length) {
      throw new ShapeError('logits', [tokens.length, null], out.logits.shape, 'decode step');
    }
    const vocab = out.logits.shape[1]!;
    const logits = (await out.logits.data()) as Float32Array;
    let attention: { data: Float32Array; width: number } | null = null;
    if (wantAttention && out.attention) {
      attention = { data: (await out.attention.data()) as Float32Array, width: out.attention.shape[out.attention.rank - 1]! };
    }
    return { logits, vocab, next: out.state, attention };
  } finally {
    dispose([out.logits, ...(out.attention ? [out.attention] : [])]);
  }
}

/** Appends row `r` of a step's attention to a hypothesis. */
export function collectAttention(h: Hypothesis, attention: { data: Float32Array; width: number } | null, r: number): void {
  if (!attention || !h.attention) return;
  h.attention.push(Array.from(attention.data.subarray(r * attention.width, (r + 1) * attention.width)));
}
