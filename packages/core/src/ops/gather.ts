/**
 * Gathers whose gradients work on every backend. tfjs differentiates `gather` through
 * `UnsortedSegmentSum`, a kernel the wasm backend does not have, so tfjs-layers cannot train an
 * Embedding on wasm. These ops scatter the gradient back with `ScatterNd`, which every backend
 * (cpu, wasm, webgl, webgpu) implements and which sums duplicate indices.
 * @module
 */
import {
  customGrad,
  expandDims,
  gather,
  gatherND,
  range,
  reshape,
  scatterND,
  stack,
  tidy,
  zerosLike,
  type Tensor,
  type Tensor2D,
} from '@tensorflow/tfjs-core';
import { checkDtype, checkRank } from '../shapes.js';

type Save = (tensors: Tensor[]) => void;
type TwoInputGrad = (a: Tensor, b: Tensor, save: Save) => { value: Tensor; gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => Tensor[] };

/** tfjs types customGrad's callback as variadic; ours take exactly two tensors and `save`. */
function customGrad2(f: TwoInputGrad): (a: Tensor, b: Tensor) => Tensor {
  return customGrad(f as unknown as Parameters<typeof customGrad>[0]) as unknown as (a: Tensor, b: Tensor) => Tensor;
}

/** `table[ids]` for a flat int32 `ids`, with a ScatterNd gradient for `table`. */
const gatherRowsFlat = customGrad2((table: Tensor, ids: Tensor, save: Save) => {
  save([ids]);
  return {
    value: gather(table, ids),
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const idx = saved[0]!;
      return [scatterND(expandDims(idx, 1), dy as Tensor, table.shape), zerosLike(idx)];
    },
  };
});

/**
 * Rows of `table` at `ids`: the result has shape `[...ids.shape, table.shape[1]]`.
 * Differentiable with respect to `table` on every backend.
 */
export function gatherRows(table: Tensor2D, ids: Tensor): Tensor {
  checkRank('table', table, [2], 'gatherRows');
  checkDtype('ids', ids, 'int32', 'gatherRows');
  return tidy(() => reshape(gatherRowsFlat(table, reshape(ids, [-1])), [...ids.shape, table.shape[1]]));
}

/** `flat[coords[k, 0], coords[k, 1]]` for every k, with a ScatterNd gradient for `flat`. */
const pickAt = customGrad2((flat: Tensor, coords: Tensor, save: Save) => {
  save([coords]);
  return {
    value: gatherND(flat, coords),
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => [scatterND(saved[0]!, dy as Tensor, flat.shape), zerosLike(saved[0]!)],
  };
});

/**
 * `x[..., index[...]]`: picks one entry of the last axis per position, like
 * `torch.gather(x, -1, index.unsqueeze(-1)).squeeze(-1)`. `index` has `x`'s shape without the
 * last axis. Differentiable with respect to `x` on every backend, and never materialises a
 * one-hot matrix (which would be `rows x classes` floats).
 */
export function takeAlongLastAxis(x: Tensor, index: Tensor): Tensor {
  checkDtype('index', index, 'int32', 'takeAlongLastAxis');
  const classes = x.shape[x.rank - 1]!;
  const rows = x.size / classes;
  return tidy(() => {
    // Coordinates [row, index[row]] into the [rows, classes] view of x.
    const coords = stack([range(0, rows, 1, 'int32'), reshape(index, [rows])], 1);
    return reshape(pickAt(reshape(x, [rows, classes]), coords), index.shape);
  });
}
