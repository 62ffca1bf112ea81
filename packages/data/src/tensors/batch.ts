import { tensor2d, tensor1d, type Tensor1D, type Tensor2D } from '@tensorflow/tfjs-core';
import type { IntMatrix, LmBatch } from '../lm.js';
import type { PaddedBatch } from '../pad.js';

/** A {@link PaddedBatch} as tensors: int32 ids `[B, T]`, int32 lengths `[B]`, float32 mask `[B, T]`. */
export interface BatchTensors {
  ids: Tensor2D;
  lengths: Tensor1D;
  mask: Tensor2D;
}

/** Uploads a padded batch. The caller owns (and disposes) the three tensors. */
export function batchToTensors(batch: PaddedBatch): BatchTensors {
  const [b, t] = batch.shape;
  return {
    ids: tensor2d(batch.ids, [b, t], 'int32'),
    lengths: tensor1d(batch.lengths, 'int32'),
    mask: tensor2d(Float32Array.from(batch.mask), [b, t], 'float32'),
  };
}

/** An {@link IntMatrix} (e.g. from `batchify`) as an int32 tensor. */
export function matrixToTensor(m: IntMatrix): Tensor2D {
  return tensor2d(m.data, m.shape, 'int32');
}

/** An {@link LmBatch} as tensors: int32 `data [seqLen, bsz]` and int32 `target [seqLen·bsz]`. */
export interface LmBatchTensors {
  data: Tensor2D;
  target: Tensor1D;
}

/** Uploads a language-model window (the caller disposes both tensors). */
export function lmBatchToTensors(b: LmBatch): LmBatchTensors {
  return { data: matrixToTensor(b.data), target: tensor1d(b.target, 'int32') };
}
