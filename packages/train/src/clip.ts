import { abs, max, mul, pow, sqrt, square, stack, sum, tidy, type NamedTensorMap, type Tensor } from '@tensorflow/tfjs-core';
import { ValueError } from '@seqlab/core';

/** Result of {@link clipGradNorm}. */
export interface ClippedGrads {
  /** The scaled gradients (new tensors, same keys; the caller owns them). */
  grads: NamedTensorMap;
  /** The total norm BEFORE clipping, as `clip_grad_norm_` returns it (may be NaN / Infinity). */
  totalNorm: number;
}

/** The `p`-norm of all elements of `t` (`Infinity`: max |x|). */
export function vectorNorm(t: Tensor, p = 2): Tensor {
  return tidy(() => {
    if (p === Infinity) return max(abs(t));
    if (p === 2) return sqrt(sum(square(t)));
    if (p === 1) return sum(abs(t));
    return pow(sum(pow(abs(t), p)), 1 / p);
  });
}

/** The total norm of several gradients, as `clip_grad_norm_` computes it (norm of per-tensor norms). */
export async function globalNorm(grads: NamedTensorMap, normType = 2): Promise<number> {
  const names = Object.keys(grads);
  if (names.length === 0) return 0;
  const t = tidy(() => vectorNorm(stack(names.map((n) => vectorNorm(grads[n]!, normType))), normType));
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

/**
 * `torch.nn.utils.clip_grad_norm_`: the total norm is the `normType`-norm of the per-gradient
 * norms (2 by default, `Infinity` for the max-norm); every gradient is multiplied by
 * `min(1, maxNorm / (totalNorm + 1e-6))`. Input gradients are neither modified nor disposed.
 */
export async function clipGradNorm(grads: NamedTensorMap, maxNorm: number, normType = 2): Promise<ClippedGrads> {
  if (!(maxNorm > 0)) throw new ValueError(`clipGradNorm: maxNorm must be positive, got ${maxNorm}`);
  if (!(normType > 0)) throw new ValueError(`clipGradNorm: normType must be positive or Infinity, got ${normType}`);
  const totalNorm = await globalNorm(grads, normType);
  // The coefficient is computed on the host in float64 and applied as a float32 scalar: within
  // one ulp of torch's float32 coefficient.
  const coef = Math.min(maxNorm / (totalNorm + 1e-6), 1);
  const out = tidy(() => {
    const m: NamedTensorMap = {};
    for (const [n, g] of Object.entries(grads)) m[n] = mul(g, coef);
    return m;
  });
  return { grads: out, totalNorm };
}
