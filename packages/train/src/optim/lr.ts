import type { Optimizer } from '@tensorflow/tfjs-core';
import { ValueError } from '@seqlab/core';

/**
 * Sets an optimizer's learning rate before a step. tfjs's SGD / momentum expose
 * `setLearningRate`; Adam, RMSProp, Adagrad and {@link AdamW} read a `learningRate` field at each
 * step, so assigning it takes effect on the next update.
 */
export function setLearningRate(opt: Optimizer, lr: number): void {
  if (!(Number.isFinite(lr) && lr >= 0)) throw new ValueError(`setLearningRate: lr must be a finite non-negative number, got ${lr}`);
  const o = opt as unknown as { setLearningRate?: (lr: number) => void; learningRate?: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else if (typeof o.learningRate === 'number') o.learningRate = lr;
  else throw new ValueError(`setLearningRate: ${opt.getClassName?.() ?? 'optimizer'} has no learning rate to set`);
}

/** The optimizer's current learning rate, or NaN when it has none. */
export function getLearningRate(opt: Optimizer): number {
  const lr = (opt as unknown as { learningRate?: number }).learningRate;
  return typeof lr === 'number' ? lr : NaN;
}
