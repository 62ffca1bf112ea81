import type { ScoreMask } from '@seqlab/attention';
import { ShapeError } from '@seqlab/core';
import { gather, logicalNot, reshape, split, tensor1d, tidy, transpose, type Tensor } from '@tensorflow/tfjs-core';
import { inProjSlice, project, splitHeads, type OutputProjection } from './cached-attention.js';
import { linearT, selfAttentionWeights, type SelfAttentionWeights } from './incremental.js';
import { KVCache } from './kv-cache.js';
import { SharedTensor } from './shared-tensor.js';
import type { TransformerDecoder } from './stacks.js';

/** One decoder layer's weights transposed once per decode (`[in, out]`), biases alongside. */
export interface DecoderLayerWeights {
  self: SelfAttentionWeights;
  /** Cross-attention query projection. */
  crossQT: Tensor;
  crossQB: Tensor | null;
  /** Cross-attention output projection. */
  cross: OutputProjection;
  ff1T: Tensor;
  ff2T: Tensor;
}

const WEIGHT_KEYS = ['selfInT', 'selfInB', 'selfOutT', 'selfOutB', 'crossQT', 'crossQB', 'crossOutT', 'crossOutB', 'ff1T', 'ff2T'] as const;
type SharedWeights = Record<(typeof WEIGHT_KEYS)[number], SharedTensor | null>;

function shareWeights(decoder: TransformerDecoder): SharedWeights[] {
  return [...decoder.layers].map((layer) => {
    const E = layer.dModel;
    const sa = selfAttentionWeights(layer.selfAttn);
    const q = inProjSlice(layer.multiheadAttn, 0, E);
    const t: Record<string, Tensor | null> = {
      selfInT: sa.inT,
      selfInB: sa.inB,
      selfOutT: sa.outT,
      selfOutB: sa.outB,
      crossQT: q.wT,
      crossQB: q.b,
      crossOutT: transpose(layer.multiheadAttn.outProj.weight),
      crossOutB: layer.multiheadAttn.outProj.bias?.clone() ?? null,
      ff1T: linearT(layer.linear1),
      ff2T: linearT(layer.linear2),
    };
    return Object.fromEntries(WEIGHT_KEYS.map((k) => [k, t[k] ? new SharedTensor(t[k]!) : null])) as SharedWeights;
  });
}

/**
 * Everything a {@link TransformerDecoder} needs to decode one more token without recomputing the
 * prefix: the self-attention keys/values of the tokens so far ({@link KVCache}), the
 * cross-attention keys/values of the encoder memory (projected once per source), the memory
 * padding mask, and every layer's weights transposed once. Build it with
 * {@link TransformerDecoder.createCache}; the caller owns it and calls
 * {@link DecoderCache.dispose}. Decoding with a cache is an eval-mode operation: dropout is not
 * applied, and the weights must not change while the cache lives.
 */
export class DecoderCache {
  /** Self-attention keys/values of the target tokens decoded so far. */
  readonly self: KVCache;

  private constructor(
    private readonly keysT: SharedTensor[],
    private readonly values: SharedTensor[],
    private keep: SharedTensor | null,
    private readonly shared: SharedWeights[],
    self?: KVCache,
  ) {
    this.self = self ?? new KVCache(keysT.length);
  }

  /**
   * Projects `memory` (`[N, S, E]` batch-first, or `[S, N, E]` when the decoder's layers are
   * time-major) into every layer's cross-attention keys and values. `memoryKeyPaddingMask`
   * `[N, S]` follows PyTorch's convention (`true` = padding, ignored).
   */
  static forMemory(decoder: TransformerDecoder, memory: Tensor, memoryKeyPaddingMask?: Tensor): DecoderCache {
    const first = decoder.layers.at(0);
    if (!first) throw new ShapeError('decoder.layers', '>= 1 layer', [0], 'DecoderCache.forMemory');
    const E = first.dModel;
    if (memory.rank !== 3 || memory.shape[2] !== E) throw new ShapeError('memory', [null, null, E], memory.shape, 'DecoderCache.forMemory');
    const batchFirst = first.opts.batchFirst;
    const [N, S] = (batchFirst ? memory.shape : [memory.shape[1], memory.shape[0]]) as [number, number];
    if (memoryKeyPaddingMask && (memoryKeyPaddingMask.rank !== 2 || memoryKeyPaddingMask.shape[0] !== N || memoryKeyPaddingMask.shape[1] !== S)) {
      throw new ShapeError('memoryKeyPaddingMask', [N, S], memoryKeyPaddingMask.shape, 'DecoderCache.forMemory');
    }
    const L = decoder.layers.length;
    const kv = tidy(() => {
      const mem = batchFirst ? memory : transpose(memory, [1, 0, 2]);
      const out: Tensor[] = [];
      for (const layer of decoder.layers) {
        const attn = layer.multiheadAttn;
        const { wT, b } = inProjSlice(attn, E, 2 * E);
        const [k, v] = split(project(mem, wT, b), 2, -1) as [Tensor, Tensor];
        // Keys stored transposed ([N, H, hd, S]) once, so each step's q·kᵀ is a plain product.
        out.push(transpose(splitHeads(k, attn.numHeads), [0, 1, 3, 2]), splitHeads(v, attn.numHeads));
      }
      return out;
    });
    const keysT = Array.from({ length: L }, (_, i) => new SharedTensor(kv[2 * i]!));
    const values = Array.from({ length: L }, (_, i) => new SharedTensor(kv[2 * i + 1]!));
    const keep = memoryKeyPaddingMask ? new SharedTensor(tidy(() => reshape(logicalNot(memoryKeyPaddingMask), [N, 1, 1, S]))) : null;
    return new DecoderCache(keysT, values, keep, shareWeights(decoder));
  }

  /** Per decoder layer: the memory's cross-attention keys, transposed, `[N, H, hd, S]`. */
  get crossKeysT(): Tensor[] {
    return this.keysT.map((s) => s.tensor);
  }

  /** Per decoder layer: the memory's cross-attention values `[N, H, S, hd]`. */
  get crossValues(): Tensor[] {
    return this.values.map((s) => s.tensor);
  }

  /** `[N, 1, 1, S]` bool, `true` = may attend (from the memory key padding mask), or null. */
  get memoryKeep(): Tensor | null {
    return this.keep?.tensor ?? null;
  }

  /** The memory mask as a `ScoreMask` for the cross-attention scores. */
  get memoryMask(): ScoreMask | null {
    return this.keep ? { keep: this.keep.tensor } : null;
  }

  /** Layer `index`'s weights, transposed once for this decode. */
  weights(index: number): DecoderLayerWeights {
    const w = this.shared[index]!;
    const t = (k: (typeof WEIGHT_KEYS)[number]) => w[k]?.tensor ?? null;
    return {
      self: { inT: t('selfInT')!, inB: t('selfInB'), outT: t('selfOutT')!, outB: t('selfOutB') },
      crossQT: t('crossQT')!,
      crossQB: t('crossQB'),
      cross: { outT: t('crossOutT')!, outB: t('crossOutB') },
      ff1T: t('ff1T')!,
      ff2T: t('ff2T')!,
    };
  }

  /** Rows (batch items or hypotheses) decoded in parallel. */
  get rows(): number {
    return this.keysT[0]!.tensor.shape[0]!;
  }

  /** Target positions decoded so far. */
  get length(): number {
    return this.self.length;
  }

  /**
   * A cache with the same contents, sharing its tensors (no copy), so a decoding step can extend
   * it while the previous state stays valid; each must be disposed.
   */
  fork(): DecoderCache {
    const r = (s: SharedTensor) => s.retain();
    return new DecoderCache(this.keysT.map(r), this.values.map(r), this.keep ? r(this.keep) : null, this.retainWeights(), this.self.fork());
  }

  /**
   * A new cache whose row `i` is row `indices[i]` of this one (beam search). This cache is left
   * unchanged; both must be disposed.
   */
  selectRows(indices: Int32Array | readonly number[]): DecoderCache {
    const idx = tensor1d(Int32Array.from(indices), 'int32');
    try {
      const pick = (s: SharedTensor) => new SharedTensor(tidy(() => gather(s.tensor, idx, 0)));
      return new DecoderCache(this.keysT.map(pick), this.values.map(pick), this.keep ? pick(this.keep) : null, this.retainWeights(), this.self.selectRows(indices));
    } finally {
      idx.dispose();
    }
  }

  /** Releases every cached tensor (freed once no forked cache shares it). */
  dispose(): void {
    for (const s of [...this.keysT, ...this.values, ...(this.keep ? [this.keep] : [])]) s.release();
    for (const w of this.shared) for (const s of Object.values(w)) s?.release();
    this.keysT.length = 0;
    this.values.length = 0;
    this.shared.length = 0;
    this.keep = null;
    this.self.dispose();
  }

  private retainWeights(): SharedWeights[] {
    return this.shared.map((w) => Object.fromEntries(Object.entries(w).map(([k, s]) => [k, s?.retain() ?? null])) as SharedWeights);
  }
}
