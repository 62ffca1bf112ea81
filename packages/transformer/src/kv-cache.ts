import { concat, dispose, keep, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Keys and values of every decoder layer's self-attention for the tokens decoded so far, so a
 * new token attends to them without recomputing their projections: one `[N, H, T, headDim]`
 * pair per layer. Owned by the caller of {@link TransformerLM.forwardIncremental}: call
 * {@link KVCache.dispose} when decoding ends.
 */
export class KVCache {
  private readonly keys: (Tensor | null)[];
  private readonly values: (Tensor | null)[];
  /** Number of positions cached. */
  length = 0;

  constructor(readonly numLayers: number) {
    this.keys = Array.from({ length: numLayers }, () => null);
    this.values = Array.from({ length: numLayers }, () => null);
  }

  /**
   * Appends layer `layer`'s new keys/values (`[N, H, t, hd]`) and returns the full ones. The cache
   * keeps its tensors alive across `tf.tidy` scopes and frees the replaced ones.
   */
  append(layer: number, k: Tensor, v: Tensor): { keys: Tensor; values: Tensor } {
    const oldK = this.keys[layer] ?? null;
    const oldV = this.values[layer] ?? null;
    const K = keep(oldK ? concat([oldK, k], 2) : k.clone());
    const V = keep(oldV ? concat([oldV, v], 2) : v.clone());
    dispose([oldK, oldV].filter((t): t is Tensor => t !== null));
    this.keys[layer] = K;
    this.values[layer] = V;
    return { keys: K, values: V };
  }

  /** Frees every cached tensor. */
  dispose(): void {
    dispose([...this.keys, ...this.values].filter((t): t is Tensor => t !== null));
    this.keys.fill(null);
    this.values.fill(null);
    this.length = 0;
  }
}
