import {
  cast,
  div,
  maximum,
  mul,
  neg,
  notEqual,
  reshape,
  scalar,
  sum,
  tidy,
  where,
  zerosLike,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../errors.js';
import { readSyncIfSafe } from '../host-read.js';
import { takeAlongLastAxis } from '../ops/gather.js';
import { softmaxCrossEntropyRows } from './softmax-xent.js';
import { checkDtype } from '../shapes.js';

/** How per-element losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of {@link crossEntropy} and {@link nllLoss}. */
export interface LossOptions {
  /** Targets equal to this contribute nothing and are not counted in the mean (default -100). */
  ignoreIndex?: number;
  /** `mean` (over non-ignored targets, default), `sum`, or `none` (shape of `targets`). */
  reduction?: Reduction;
  /**
   * Check on the host that every target is a valid class or `ignoreIndex` and throw a
   * {@link ValueError} naming the first bad one (default true; skipped on WebGPU, see
   * {@link canReadSync}).
   */
  checkTargets?: boolean;
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends LossOptions {
  /** Label smoothing ε in [0, 1]: the target becomes (1-ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of unnormalised `logits` `[..., C]` against int32 class `targets` `[...]`, with
 * PyTorch's `F.cross_entropy` semantics for `ignore_index`, `label_smoothing` and `reduction`.
 * Classes are on the LAST axis (PyTorch puts them on axis 1): `[batch, time, vocab]` logits need
 * no transpose.
 *
 * One deliberate difference: a `mean` over zero non-ignored targets is 0, not NaN.
 */
export function crossEntropy(logits: Tensor, targets: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  checkLossInputs('crossEntropy', logits, targets, opts);
  return tidy(() => {
    const C = logits.shape[logits.rank - 1]!;
    const ignore = opts.ignoreIndex ?? -100;
    const rows = reshape(safeTargets(targets, ignore), [-1]);
    const valid = reshape(validMask(targets, ignore), [-1]);
    const perItem = reshape(softmaxCrossEntropyRows(reshape(logits, [-1, C]), rows, valid, eps), targets.shape);
    return reduce(perItem, targets, opts);
  });
}

/**
 * Negative log-likelihood of log-probabilities `logProbs` `[..., C]` at int32 `targets` `[...]`,
 * PyTorch's `F.nll_loss` with classes on the last axis.
 */
export function nllLoss(logProbs: Tensor, targets: Tensor, opts: LossOptions = {}): Tensor {
  checkLossInputs('nllLoss', logProbs, targets, opts);
  return tidy(() => reduce(neg(pickTargets(logProbs, targets, opts.ignoreIndex ?? -100)), targets, opts));
}

function validMask(targets: Tensor, ignoreIndex: number): Tensor {
  return cast(notEqual(targets, ignoreIndex), 'float32');
}

/** `targets` with every `ignoreIndex` replaced by class 0 (a valid index to gather; masked later). */
function safeTargets(targets: Tensor, ignoreIndex: number): Tensor {
  return where(notEqual(targets, ignoreIndex), targets, zerosLike(targets));
}

/** logp[..., t] where t is valid, 0 where t == ignoreIndex. */
function pickTargets(logp: Tensor, targets: Tensor, ignoreIndex: number): Tensor {
  return mul(takeAlongLastAxis(logp, safeTargets(targets, ignoreIndex)), validMask(targets, ignoreIndex));
}

function reduce(perItem: Tensor, targets: Tensor, opts: LossOptions): Tensor {
  const reduction = opts.reduction ?? 'mean';
  if (reduction === 'none') return perItem;
  if (reduction === 'sum') return sum(perItem);
  const count = sum(validMask(targets, opts.ignoreIndex ?? -100));
  return div(sum(perItem), maximum(count, scalar(1)));
}

function checkLossInputs(fn: string, scores: Tensor, targets: Tensor, opts: LossOptions): void {
  checkDtype('targets', targets, 'int32', fn);
  if (scores.rank < 1) throw new ShapeError('input', '[..., C]', scores.shape, fn);
  const lead = scores.shape.slice(0, -1);
  if (targets.rank !== lead.length || targets.shape.some((d, i) => d !== lead[i])) {
    throw new ShapeError('targets', lead, targets.shape, fn);
  }
  const reduction = opts.reduction ?? 'mean';
  if (!['mean', 'sum', 'none'].includes(reduction)) {
    throw new ValueError(`${fn}: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  }
  if (opts.checkTargets ?? true) {
    const classes = scores.shape[scores.rank - 1]!;
    const ignore = opts.ignoreIndex ?? -100;
    const data = readSyncIfSafe(targets);
    if (!data) return;
    for (let i = 0; i < data.length; i++) {
      const t = data[i]!;
      if (t !== ignore && (t < 0 || t >= classes)) {
        throw new ValueError(`${fn}: target ${t} at flat position ${i} is out of range [0, ${classes}) and is not ignoreIndex (${ignore})`);
      }
    }
  }
}
