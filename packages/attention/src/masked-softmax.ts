/**
 * Softmax over the last axis that skips masked positions and never returns NaN.
 * @module
 */
import { heapOffset, registerHeapKernel, wasmHeapModule } from '@seqlab/core';
import {
  add,
  any,
  cast,
  customGrad,
  div,
  engine,
  exp,
  getBackend,
  greater,
  logicalAnd,
  max,
  mul,
  softmax,
  sub,
  sum,
  tidy,
  util,
  where,
  zerosLike,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { wasmBase64 } from './simd/softmax-wasm.js';

/**
 * Additive mask entries at or below this value count as "masked" (this covers `-Infinity`, and
 * the `torch.finfo(float32).min` fill used by Hugging Face models). In a row with some allowed
 * keys they get weight exactly 0 either way; in a row with none they make the row all zeros.
 */
export const MASKED_ADDITIVE_THRESHOLD = -1e30;

/**
 * Added to masked scores of rows that have an allowed key: finite (no `-inf - (-inf)` can reach
 * `exp`) and far below any real score, so those entries get exp(-1e9 + ...) = 0 exactly. Rows
 * with no allowed key get no bias at all: their (finite) softmax is multiplied by 0 instead.
 * Keeping every exponent argument of ordinary size matters on webgl, where packed textures carry
 * padding lanes that a later packed matMul reads: an inf there (exp(+1e9)) times 0 made NaN.
 */
const MASKED_BIAS = -1e9;

/** A mask on attention scores, broadcasting against them: either part may be absent. */
export interface ScoreMask {
  /** Boolean, true = may attend. */
  keep?: Tensor | null;
  /** Float added to the scores; entries <= {@link MASKED_ADDITIVE_THRESHOLD} (e.g. -Infinity) mask. */
  additive?: Tensor | null;
}

/**
 * `softmax(scores + additive)` over the last axis, restricted to the positions where `keep` is
 * true. Masked positions get weight exactly 0, and a row with no allowed position is all zeros
 * (PyTorch returns NaN there).
 *
 * The masks are folded, on their own (small, broadcasting) shapes, into one finite bias and a
 * per-row 0/1 factor, so the full-size score tensor sees only add, max, sub, exp, sum and one
 * multiply. The gradient is written by hand (`dS = w·(dW - Σ w·dW)`), which needs only the
 * weights: cheaper than tape-recorded autodiff through max/exp/sum, and zero on masked positions.
 * No gradient flows to the masks (they are data, not parameters).
 */
export function maskedSoftmax(scores: Tensor, mask: ScoreMask | null = null): Tensor {
  const { bias, rowKeep } = foldMask(mask);
  try {
    const forward = simdApplies(scores, bias) ? wasmForward(bias, rowKeep) : portableForward(bias, rowKeep);
    return withSoftmaxGrad(forward)(scores);
  } finally {
    bias?.dispose();
    rowKeep?.dispose();
  }
}

/**
 * bias = additive where allowed, MASKED_BIAS where masked (0 on rows with no allowed key);
 * rowKeep = 1 where a row has any allowed key. Computed on the masks' own broadcasting shapes.
 */
function foldMask(mask: ScoreMask | null): { bias: Tensor | null; rowKeep: Tensor | null } {
  const keepIn = mask?.keep ?? null;
  const additive = mask?.additive ?? null;
  if (!keepIn && !additive) return { bias: null, rowKeep: null };
  return tidy(() => {
    let keep = keepIn;
    let add0: Tensor | null = null;
    if (additive) {
      const finite = greater(additive, MASKED_ADDITIVE_THRESHOLD);
      keep = keep ? logicalAnd(keep, finite) : finite;
      add0 = additive;
    }
    const k = keep!;
    // where(keep, additive (or 0), MASKED_BIAS), broadcasting keep against the additive part.
    const rowKeep = cast(any(k, -1, true), 'float32');
    const maskedPart = mul(mul(sub(1, cast(k, 'float32')), MASKED_BIAS), rowKeep);
    const bias = add0 ? add(where(k, add0, zerosLike(add0)), maskedPart) : maskedPart;
    return { bias, rowKeep };
  }) as unknown as { bias: Tensor; rowKeep: Tensor };
}

interface SoftmaxSimd {
  softmax_grad(w: number, dy: number, dx: number, R: number, S: number): void;
}

/** The wasm path applies to float32 scores when the SIMD backward loads, and a bias has the scores' last size. */
function simdApplies(scores: Tensor, bias: Tensor | null): boolean {
  if (getBackend() !== 'wasm' || scores.dtype !== 'float32' || scores.rank < 1 || scores.size === 0) return false;
  if (bias && bias.shape[bias.rank - 1] !== scores.shape[scores.rank - 1]) return false;
  return wasmHeapModule<SoftmaxSimd>(wasmBase64) !== null;
}

function ensureKernel(): void {
  registerHeapKernel<SoftmaxSimd>('SeqlabSoftmaxGrad', wasmBase64, (k, { w, dy }, alloc) => {
    const S = w!.shape[w!.shape.length - 1]!;
    const dx = alloc([...w!.shape]);
    k.softmax_grad(heapOffset(w!), heapOffset(dy!), heapOffset(dx), util.sizeFromShape(w!.shape) / S, S);
    return dx;
  });
}

/** The masked weights by tfjs ops on any backend: bias add, max, sub, exp, sum, one multiply. */
function portableForward(bias: Tensor | null, rowKeep: Tensor | null): (s: Tensor) => Tensor {
  return (s) =>
    tidy(() => {
      const x = bias ? add(s, bias) : s;
      const e = exp(sub(x, max(x, -1, true)));
      const z = sum(e, -1, true); // >= 1: the row's max contributes exp(0)
      return mul(e, rowKeep ? div(rowKeep, z) : div(1, z));
    });
}

/**
 * The masked weights on wasm: the bias add and tfjs-wasm's own Softmax (XNNPACK's, ~1.8 ns per
 * element here: faster than our SIMD exp, ~2.7) and, only when some row has no allowed key (read
 * on the host: the row factor is small), the row factor.
 */
function wasmForward(bias: Tensor | null, rowKeep: Tensor | null): (s: Tensor) => Tensor {
  const zeroRows = rowKeep !== null && (rowKeep.dataSync() as Float32Array).includes(0);
  return (s) =>
    tidy(() => {
      const w = softmax(bias ? add(s, bias) : s);
      return zeroRows ? mul(w, rowKeep!) : w;
    });
}

/** `forward` (scores -> weights) with the hand-written softmax gradient, which needs only the weights. */
function withSoftmaxGrad(forward: (s: Tensor) => Tensor): (s: Tensor) => Tensor {
  return customGrad(((s: Tensor, save: (t: Tensor[]) => void) => {
    const value = forward(s);
    save([value]);
    return {
      value,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => [softmaxBackward(saved[0]!, dy as Tensor)],
    };
  }) as unknown as Parameters<typeof customGrad>[0]) as unknown as (s: Tensor) => Tensor;
}

/**
 * The backward of a softmax over the last axis, without autodiff: `w ⊙ (dy - Σ w ⊙ dy)` for the
 * weights `w` and their incoming gradient `dy` (zero wherever `w` is). One SIMD kernel on wasm;
 * elsewhere tfjs ops. For code that writes its own gradient around a softmax (an attention
 * decoder's whole-sequence backward).
 */
export function softmaxBackward(w: Tensor, dy: Tensor): Tensor {
  if (getBackend() === 'wasm' && w.dtype === 'float32' && w.size > 0 && wasmHeapModule<SoftmaxSimd>(wasmBase64)) {
    ensureKernel();
    return engine().runKernel('SeqlabSoftmaxGrad', { w, dy }) as Tensor;
  }
  return tidy(() => mul(w, sub(dy, sum(mul(dy, w), -1, true))));
}
