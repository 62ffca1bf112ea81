import { maskedSoftmax, type MultiHeadAttention, type ScoreMask } from '@seqlab/attention';
import { add, div, keep, matMul, mul, reshape, slice, sum, tidy, transpose, type Tensor } from '@tensorflow/tfjs-core';

// Incremental decoding runs without a gradient tape, so these use tfjs's matMul directly (no
// custom-gradient wrapper per product) and take weights already transposed once per decode:
// `x @ wT` is then a plain product, the fast path of every backend (wasm's transposeB path is
// ~10x slower, see @seqlab/core's mm).

/** `x [N, t, in] @ wT [in, out] + b` as one 2-D product (add, not a fused matMul + bias). */
export function project(x: Tensor, wT: Tensor, b: Tensor | null): Tensor {
  return tidy(() => {
    const [n, t, d] = x.shape as [number, number, number];
    const y = matMul(reshape(x, [n * t, d]), wT);
    return reshape(b ? add(y, b) : y, [n, t, wT.shape[1]!]);
  });
}

/**
 * Rows `[from, from + count)` of `attn`'s packed `in_proj_weight`, transposed (`[E, count]`), and
 * of its `in_proj_bias` (q: 0, k: E, v: 2E).
 */
export function inProjSlice(attn: MultiHeadAttention, from: number, count: number): { wT: Tensor; b: Tensor | null } {
  const w = attn.inProjWeight;
  if (!w) throw new Error(`incremental decoding needs a packed in_proj_weight (kdim == vdim == embedDim == ${attn.embedDim})`);
  const E = attn.embedDim;
  return tidy(() => ({
    wT: transpose(from === 0 && count === 3 * E ? w : slice(w, [from, 0], [count, E])),
    b: attn.inProjBias ? (from === 0 && count === 3 * E ? attn.inProjBias.clone() : slice(attn.inProjBias, [from], [count])) : null,
  }) as unknown as { [k: string]: Tensor }) as unknown as { wT: Tensor; b: Tensor | null };
}

/** `[N, T, E]` -> `[N, H, T, hd]`. */
export function splitHeads(x: Tensor, H: number): Tensor {
  const [N, T, E] = x.shape as [number, number, number];
  return transpose(reshape(x, [N, T, H, E / H]), [0, 2, 1, 3]);
}

/** The output projection of an attention block, transposed once: `outT [E, E]`, `outB [E]`. */
export interface OutputProjection {
  outT: Tensor;
  outB: Tensor | null;
}

/**
 * Attention of new queries over keys and values already split into heads, finished with the
 * output projection: the same products, softmax and order of operations as
 * `MultiHeadAttention.forward`, so cached decoding matches a full recompute to rounding.
 *
 * @param q projected queries `[N, t, E]` (not yet scaled)
 * @param keysT keys with the last two axes swapped, `[N, H, hd, S]`
 * @param values `[N, H, S, hd]`
 * @param mask broadcasting to the scores `[N, H, t, S]`
 * @param out the output projection (transposed weight and bias)
 * @returns the output `[N, t, E]` and, with `needWeights`, the weights averaged over heads `[N, t, S]`
 */
export function attendToHeads(
  q: Tensor,
  keysT: Tensor,
  values: Tensor,
  mask: ScoreMask | null,
  out: OutputProjection,
  needWeights: boolean,
): { output: Tensor; weights: Tensor | null } {
  const [N, t, E] = q.shape as [number, number, number];
  const H = keysT.shape[1]!;
  const S = keysT.shape[3]!;
  const hd = E / H;
  let weights: Tensor | null = null;
  const output = tidy(() => {
    // PyTorch scales q before the matmul; same order here.
    const qh = reshape(mul(splitHeads(q, H), 1 / Math.sqrt(hd)), [N * H, t, hd]);
    const scores = reshape(matMul(qh, reshape(keysT, [N * H, hd, S])), [N, H, t, S]);
    const w = maskedSoftmax(scores, mask);
    const ctx = matMul(reshape(w, [N * H, t, S]), reshape(values, [N * H, S, hd]));
    const merged = reshape(transpose(reshape(ctx, [N, H, t, hd]), [0, 2, 1, 3]), [N * t, E]);
    const o = matMul(merged, out.outT);
    if (needWeights) weights = keep(div(sum(w, 1), H)); // escapes this tidy: the caller owns it
    return reshape(out.outB ? add(o, out.outB) : o, [N, t, E]);
  });
  return { output, weights };
}
