import { add, expandDims, type Tensor } from '@tensorflow/tfjs-core';
import { checkFits, checkOffset, seqLenOf } from './check.js';

/** What {@link addPositionTable} needs of an additive positional module. */
export interface PositionTable {
  readonly dModel: number;
  readonly maxLen: number;
  readonly batchFirst: boolean;
  /** Rows `offset .. offset + length - 1` of the table, `[length, dModel]`. */
  encoding(length: number, offset: number): Tensor;
}

/**
 * `x + table[offset : offset + T]` along `x`'s time axis (`[B, T, d]` batch-first, `[T, B, d]`
 * time-major, `[T, d]` unbatched), after checking the shape and that the positions fit. Shared by
 * the learned and sinusoidal encodings; call inside `tidy`.
 */
export function addPositionTable(x: Tensor, offset: number, m: PositionTable, context: string): Tensor {
  const tAxis = x.rank === 2 ? 0 : m.batchFirst ? 1 : 0;
  const T = seqLenOf(x, m.dModel, context, tAxis);
  checkOffset(offset, context);
  checkFits(offset, T, m.maxLen, context);
  const table = m.encoding(T, offset);
  return add(x, x.rank === 2 || m.batchFirst ? table : expandDims(table, 1));
}
