import { cast, expandDims, mul, notEqual, tensor, tidy, type Tensor, type Tensor2D } from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../errors.js';
import type { InitOptions } from '../init.js';
import { Module, type Parameter } from '../module.js';
import { gatherRows } from '../ops/gather.js';
import { readSyncIfSafe } from '../host-read.js';
import { defaultGenerator } from '../rng.js';
import { checkDtype } from '../shapes.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions extends InitOptions {
  /** Row that stays zero and gets no gradient (PyTorch `padding_idx`). Negative counts from the end. */
  paddingIdx?: number;
  /**
   * Check that every id is in `[0, numEmbeddings)` and throw a {@link ValueError} naming the bad
   * id (default true). The check reads the ids on the host; it is skipped on WebGPU, where a
   * synchronous read is unsafe (see {@link canReadSync}): validate ids in the data pipeline there.
   */
  checkIds?: boolean;
}

/**
 * A lookup table, PyTorch's `nn.Embedding`: `weight` is `[numEmbeddings, embeddingDim]`
 * initialised N(0, 1), with the `paddingIdx` row zeroed. Trainable on every backend (the
 * gradient is scattered with ScatterNd; see {@link gatherRows}).
 */
export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | null;
  private readonly checkIds: boolean;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    opts: EmbeddingOptions = {},
  ) {
    super();
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new ValueError(`Embedding: paddingIdx ${pad} must be within [${-numEmbeddings}, ${numEmbeddings})`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.checkIds = opts.checkIds ?? true;
    const data = (opts.rng ?? defaultGenerator()).normal(numEmbeddings * embeddingDim);
    if (pad !== null) data.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
    this.weight = this.addParameter('weight', tensor(data, [numEmbeddings, embeddingDim], 'float32'));
  }

  /** Looks up int32 `ids` of any shape; returns `[...ids.shape, embeddingDim]`. */
  forward(ids: Tensor): Tensor {
    checkDtype('ids', ids, 'int32', 'Embedding');
    if (ids.size === 0) throw new ShapeError('ids', 'a non-empty tensor', ids.shape, 'Embedding');
    if (this.checkIds) this.validate(ids);
    const pad = this.paddingIdx;
    if (pad === null) return gatherRows(this.weight as Tensor2D, ids);
    return tidy(() => {
      // Rows of padding get no gradient: multiplying by a constant 0/1 mask stops it, as PyTorch's
      // padding_idx does, without a second code path in the gather.
      const w = this.weight as Tensor2D;
      const out = gatherRows(w, ids);
      const keep = expandDims(cast(notEqual(ids, pad), 'float32'), -1);
      return mul(out, keep);
    });
  }

  private validate(ids: Tensor): void {
    const data = readSyncIfSafe(ids);
    if (!data) return;
    for (let i = 0; i < data.length; i++) {
      const id = data[i]!;
      if (id < 0 || id >= this.numEmbeddings) {
        throw new ValueError(`Embedding: id ${id} at flat position ${i} is out of range [0, ${this.numEmbeddings})`);
      }
    }
  }
}
