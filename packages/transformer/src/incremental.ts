import type { MultiHeadAttention, ScoreMask } from '@seqlab/attention';
import { causalMask, type Linear } from '@seqlab/core';
import { add, keep, reshape, slice, split, tidy, transpose, type Tensor } from '@tensorflow/tfjs-core';
import { activate, type Activation } from './activation.js';
import { attendToHeads, inProjSlice, project, splitHeads, type OutputProjection } from './cached-attention.js';
import type { DecoderCache, DecoderLayerWeights } from './decoder-cache.js';
import type { TransformerDecoderLayer } from './decoder-layer.js';
import type { TransformerEncoderLayer } from './encoder-layer.js';
import type { KVCache } from './kv-cache.js';

/** Transposed weights of one self-attention block: packed q/k/v projection and output projection. */
export interface SelfAttentionWeights extends OutputProjection {
  inT: Tensor;
  inB: Tensor | null;
}

/** Transposes a self-attention block's weights (once per decode, or per call for the LM). */
export function selfAttentionWeights(attn: MultiHeadAttention): SelfAttentionWeights {
  const { wT, b } = inProjSlice(attn, 0, 3 * attn.embedDim);
  return { inT: wT, inB: b, outT: transpose(attn.outProj.weight), outB: attn.outProj.bias?.clone() ?? null };
}

/** `linear2(act(linear1(x)))` with transposed weights (eval mode: no dropout). */
function feedForwardT(x: Tensor, w1T: Tensor, b1: Tensor | null, w2T: Tensor, b2: Tensor | null, activation: Activation): Tensor {
  return tidy(() => project(activate(activation, project(x, w1T, b1)), w2T, b2));
}

/** `linear.weight` transposed, `[in, out]`. */
export function linearT(linear: Linear): Tensor {
  return transpose(linear.weight);
}

/**
 * Causal self-attention of `t` new tokens `x` `[N, t, E]` at positions `offset .. offset + t - 1`
 * over the cached keys/values of earlier positions plus their own (appended to `cache` slot
 * `index`).
 */
function cachedSelfAttention(w: SelfAttentionWeights, H: number, x: Tensor, cache: KVCache, index: number, offset: number): Tensor {
  return tidy(() => {
    const [q, k, v] = split(project(x, w.inT, w.inB), 3, -1) as [Tensor, Tensor, Tensor];
    const { keys, values } = cache.append(index, splitHeads(k, H), splitHeads(v, H));
    const t = x.shape[1]!;
    const T = offset + t;
    // One new token sees every cached position: no mask, as in the full causal forward's last row.
    const mask: ScoreMask | null = t > 1 ? { keep: reshape(causalMask(t, T, offset), [1, 1, t, T]) } : null;
    return attendToHeads(q, transpose(keys, [0, 1, 3, 2]), values, mask, w, false).output;
  });
}

/**
 * One causal self-attention layer applied to new tokens `x` `[N, t, E]` (batch-first) at
 * positions `offset .. offset + t - 1`, attending to the cached keys/values of earlier positions
 * plus the new ones. Computes exactly what the layer's full forward with a causal mask computes
 * for those positions (eval mode: dropout is the identity).
 */
export function encoderLayerStep(layer: TransformerEncoderLayer, x: Tensor, cache: KVCache, index: number, offset: number): Tensor {
  return tidy(() => {
    const w = selfAttentionWeights(layer.selfAttn);
    const sa = (h: Tensor) => cachedSelfAttention(w, layer.selfAttn.numHeads, h, cache, index, offset);
    const ff = (h: Tensor) => feedForwardT(h, linearT(layer.linear1), layer.linear1.bias, linearT(layer.linear2), layer.linear2.bias, layer.opts.activation);
    if (layer.opts.normFirst) {
      const y = add(x, sa(layer.norm1.forward(x)));
      return add(y, ff(layer.norm2.forward(y)));
    }
    const y = layer.norm1.forward(add(x, sa(x)));
    return layer.norm2.forward(add(y, ff(y)));
  });
}

/**
 * One decoder layer applied to new target tokens `x` `[N, t, E]` (batch-first) at positions
 * `cache.length ..`: causal self-attention over the cached prefix (extended in `cache.self` slot
 * `index`) and cross-attention over the memory keys/values projected once in `cache`, with the
 * layer's weights transposed once in `cache`. Equals the layer's full forward (`tgtIsCausal`, the
 * memory padding mask) for those positions in eval mode. With `needWeights`, also returns the
 * cross-attention weights `[N, t, S]` averaged over heads (owned by the caller).
 */
export function decoderLayerStep(
  layer: TransformerDecoderLayer,
  x: Tensor,
  cache: DecoderCache,
  index: number,
  needWeights = false,
): { output: Tensor; crossWeights: Tensor | null } {
  let crossWeights: Tensor | null = null;
  const offset = cache.length;
  const w: DecoderLayerWeights = cache.weights(index);
  const output = tidy(() => {
    const sa = (h: Tensor) => cachedSelfAttention(w.self, layer.selfAttn.numHeads, h, cache.self, index, offset);
    const ca = (h: Tensor) => {
      const r = attendToHeads(project(h, w.crossQT, w.crossQB), cache.crossKeysT[index]!, cache.crossValues[index]!, cache.memoryMask, w.cross, needWeights);
      if (r.weights) crossWeights = keep(r.weights);
      return r.output;
    };
    const ff = (h: Tensor) => feedForwardT(h, w.ff1T, layer.linear1.bias, w.ff2T, layer.linear2.bias, layer.opts.activation);
    let y = x;
    if (layer.opts.normFirst) {
      y = add(y, sa(layer.norm1.forward(y)));
      y = add(y, ca(layer.norm2.forward(y)));
      return add(y, ff(layer.norm3.forward(y)));
    }
    y = layer.norm1.forward(add(y, sa(y)));
    y = layer.norm2.forward(add(y, ca(y)));
    return layer.norm3.forward(add(y, ff(y)));
  });
  return { output, crossWeights };
}

/** The last position of `[N, t, V]` logits, `[N, V]`. */
export function lastPosition(logits: Tensor): Tensor {
  const [N, t, V] = logits.shape as [number, number, number];
  return tidy(() => reshape(slice(logits, [0, t - 1, 0], [N, 1, V]), [N, V]));
}
