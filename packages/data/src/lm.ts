import { ValueError } from '@seqlab/core';

/** A `[rows, cols]` int matrix on the host, row-major. */
export interface IntMatrix {
  data: Int32Array;
  shape: [number, number];
}

/**
 * The word_language_model tutorial's `batchify(data, bsz)`: drops the tail that does not fill a
 * column, then lays the stream out as `bsz` contiguous columns, shape `[nbatch, bsz]` with
 * `out[i][j] = data[j·nbatch + i]` (`data.view(bsz, -1).t()`). Column j reads a contiguous slice
 * of the corpus top to bottom, so hidden state can carry over between `getBatch` windows.
 */
export function batchify(data: ArrayLike<number>, bsz: number): IntMatrix {
  if (!(Number.isInteger(bsz) && bsz > 0)) throw new ValueError(`batchify: bsz must be a positive integer, got ${bsz}`);
  const nbatch = Math.floor(data.length / bsz);
  if (nbatch === 0) throw new ValueError(`batchify: ${data.length} tokens are fewer than bsz = ${bsz}`);
  const out = new Int32Array(nbatch * bsz);
  // A transpose in tiles of TILE rows: both the strided reads and the writes stay in cache.
  const TILE = 256;
  for (let i0 = 0; i0 < nbatch; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, nbatch);
    for (let j = 0; j < bsz; j++) {
      const src = j * nbatch;
      for (let i = i0; i < i1; i++) out[i * bsz + j] = data[src + i]!;
    }
  }
  return { data: out, shape: [nbatch, bsz] };
}

/** One BPTT window: inputs `[seqLen, bsz]` and targets flattened `[seqLen·bsz]` (shifted by one row). */
export interface LmBatch {
  data: IntMatrix;
  /** `source[i+1 : i+1+seqLen]` flattened row-major, as the tutorial's `.view(-1)`. */
  target: Int32Array;
}

/**
 * The tutorial's `get_batch(source, i)`: `seqLen = min(bptt, rows - 1 - i)`, inputs are rows
 * `i .. i+seqLen-1`, targets rows `i+1 .. i+seqLen`.
 */
export function getBatch(source: IntMatrix, i: number, bptt: number): LmBatch {
  const [rows, cols] = source.shape;
  if (!(Number.isInteger(bptt) && bptt > 0)) throw new ValueError(`getBatch: bptt must be a positive integer, got ${bptt}`);
  if (!(Number.isInteger(i) && i >= 0 && i < rows - 1)) throw new ValueError(`getBatch: i must be an integer in [0, ${rows - 1}), got ${i}`);
  const seqLen = Math.min(bptt, rows - 1 - i);
  return {
    data: { data: source.data.slice(i * cols, (i + seqLen) * cols), shape: [seqLen, cols] },
    target: source.data.slice((i + 1) * cols, (i + 1 + seqLen) * cols),
  };
}

/** Every window of an epoch, `for i in range(0, rows - 1, bptt)`, as the tutorial's training loop. */
export function* lmBatches(source: IntMatrix, bptt: number): Generator<LmBatch & { i: number }> {
  for (let i = 0; i < source.shape[0] - 1; i += bptt) yield { i, ...getBatch(source, i, bptt) };
}
