/** Numerically stable log-softmax of one row of logits, in float64. */
export function logSoftmaxRow(logits: ArrayLike<number>, offset: number, size: number, temperature = 1): Float64Array {
  const out = new Float64Array(size);
  let max = -Infinity;
  for (let i = 0; i < size; i++) max = Math.max(max, logits[offset + i]! / temperature);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.exp(logits[offset + i]! / temperature - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < size; i++) out[i] = logits[offset + i]! / temperature - lse;
  return out;
}

/** Index of the largest value (the first on ties, as `argmax` in PyTorch and tfjs). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Indices of the `k` largest values, largest first (ties: lower index first). */
export function topKIndices(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[b]! - values[a]! || a - b);
  return idx.slice(0, k);
}
