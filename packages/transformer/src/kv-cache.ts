import { concat, gather, tensor1d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { SharedTensor } from './shared-tensor.js';

/**
 * Keys and values of every decoder layer's self-attention for the tokens decoded so far, so a
 * new token attends to them without recomputing their projections: one `[N, H, T, headDim]`
 * pair per layer. Owned by the caller of {@link TransformerLM.forwardIncremental} (or of a
 * {@link DecoderCache}): call {@link KVCache.dispose} when decoding ends.
 */
export class KVCache {
  private readonly keys: (SharedTensor | null)[];
  private readonly values: (SharedTensor | null)[];
  /** Number of positions cached. */
  length = 0;

  constructor(readonly numLayers: number) {
    this.keys = Array.from({ length: numLayers }, () => null);
    this.values = Array.from({ length: numLayers }, () => null);
  }

  /**
   * Appends layer `layer`'s new keys/values (`[N, H, t, hd]`) and returns the full ones. The cache
   * keeps its tensors alive across `tf.tidy` scopes and releases the replaced ones.
   */
  append(layer: number, k: Tensor, v: Tensor): { keys: Tensor; values: Tensor } {
    const oldK = this.keys[layer] ?? null;
    const oldV = this.values[layer] ?? null;
    const K = new SharedTensor(oldK ? concat([oldK.tensor, k], 2) : k.clone());
    const V = new SharedTensor(oldV ? concat([oldV.tensor, v], 2) : v.clone());
    oldK?.release();
    oldV?.release();
    this.keys[layer] = K;
    this.values[layer] = V;
    return { keys: K.tensor, values: V.tensor };
  }

  /**
   * A cache with the same contents, sharing its tensors (no copy): appending to either leaves
   * the other unchanged, and each must be disposed. Lets a decoding step return a new state while
   * the decoder still holds (and later frees) the old one.
   */
  fork(): KVCache {
    const out = new KVCache(this.numLayers);
    out.length = this.length;
    for (let i = 0; i < this.numLayers; i++) {
      out.keys[i] = this.keys[i]?.retain() ?? null;
      out.values[i] = this.values[i]?.retain() ?? null;
    }
    return out;
  }

  /**
   * A new cache whose row `i` is row `indices[i]` of this one (beam search reorders and expands
   * hypotheses with it). This cache is left unchanged; both must be disposed.
   */
  selectRows(indices: Int32Array | readonly number[]): KVCache {
    const out = new KVCache(this.numLayers);
    out.length = this.length;
    const idx = tensor1d(Int32Array.from(indices), 'int32');
    try {
      const pick = (s: SharedTensor | null) => (s ? new SharedTensor(tidy(() => gather(s.tensor, idx, 0))) : null);
      for (let i = 0; i < this.numLayers; i++) {
        out.keys[i] = pick(this.keys[i] ?? null);
        out.values[i] = pick(this.values[i] ?? null);
      }
    } finally {
      idx.dispose();
    }
    return out;
  }

  /** Releases every cached tensor (freed once no forked cache shares it). */
  dispose(): void {
    for (const s of [...this.keys, ...this.values]) s?.release();
    this.keys.fill(null);
    this.values.fill(null);
    this.length = 0;
  }
}
