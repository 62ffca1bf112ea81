import { causalMask } from '@seqlab/core';
import {
  add,
  fill,
  matMul,
  mul,
  reshape,
  slice,
  softmax,
  split,
  tidy,
  transpose,
  where,
  type Tensor,
} from '@tensorflow/tfjs-core';
import type { TransformerEncoderLayer } from './encoder-layer.js';
import { feedForward } from './feed-forward.js';
import type { KVCache } from './kv-cache.js';

/**
 * One causal self-attention layer applied to new tokens `x` `[N, t, E]` (batch-first) at
 * positions `offset .. offset + t - 1`, attending to the cached keys/values of earlier positions
 * plus the new ones. Computes exactly what the layer's full forward with a causal mask computes
 * for those positions (eval mode: dropout is the identity).
 */
export function encoderLayerStep(layer: TransformerEncoderLayer, x: Tensor, cache: KVCache, index: number, offset: number): Tensor {
  return tidy(() => {
    const attn = layer.selfAttn;
    const [N, t, E] = x.shape as [number, number, number];
    const H = attn.numHeads;
    const hd = attn.headDim;
    const h = layer.opts.normFirst ? layer.norm1.forward(x) : x;
    const w = attn.inProjWeight;
    if (!w) throw new Error('incremental decoding needs packed in_proj_weight (kdim == vdim == embedDim)');
    let qkv = matMul(reshape(h, [N * t, E]), w, false, true);
    if (attn.inProjBias) qkv = add(qkv, attn.inProjBias);
    const [q, k, v] = split(reshape(qkv, [N, t, 3 * E]), 3, -1) as [Tensor, Tensor, Tensor];
    const heads = (m: Tensor) => transpose(reshape(m, [N, t, H, hd]), [0, 2, 1, 3]); // [N, H, t, hd]
    const { keys, values } = cache.append(index, heads(k), heads(v));
    const T = offset + t;
    // Scale q before the matmul, as PyTorch and MultiHeadAttention do.
    const scores = matMul(mul(heads(q), 1 / Math.sqrt(hd)), keys, false, true); // [N, H, t, T]
    const allowed = causalMask(t, T, offset);
    const weights = softmax(where(allowed, scores, fill(scores.shape, -Infinity)));
    const ctx = reshape(transpose(matMul(weights, values), [0, 2, 1, 3]), [N, t, E]);
    const sa = attn.outProj.forward(ctx);
    if (layer.opts.normFirst) {
      const y = add(x, sa);
      return add(y, feedForward(layer.norm2.forward(y), layer.linear1, layer.dropout, layer.linear2, layer.opts.activation));
    }
    const y = layer.norm1.forward(add(x, sa));
    return layer.norm2.forward(add(y, feedForward(y, layer.linear1, layer.dropout, layer.linear2, layer.opts.activation)));
  });
}

/** The last position of `[N, t, V]` logits, `[N, V]`. */
export function lastPosition(logits: Tensor): Tensor {
  const [N, t, V] = logits.shape as [number, number, number];
  return tidy(() => reshape(slice(logits, [0, t - 1, 0], [N, 1, V]), [N, V]));
}
