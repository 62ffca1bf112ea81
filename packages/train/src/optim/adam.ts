import { AdamW, type AdamWOptions } from './adamw.js';

/** Options of {@link Adam}, with `torch.optim.Adam`'s defaults: {@link AdamWOptions} without weight decay. */
export type AdamOptions = Omit<AdamWOptions, 'weightDecay'>;

/**
 * Adam (Kingma & Ba), step for step `torch.optim.Adam` with `weight_decay=0` (PyTorch 1.13,
 * non-amsgrad): `m ← β1 m + (1-β1) g`, `v ← β2 v + (1-β2) g²`, then
 * `p ← p - (lr / (1-β1^t)) · m / (√v / √(1-β2^t) + ε)`.
 *
 * It is {@link AdamW} with `weightDecay: 0` (the same code, so the same values to the bit, and
 * the same fused kernel on wasm), under its own class name so that checkpoints of the two are not
 * confused with each other or with tfjs's `tf.train.adam` (class name `Adam`), whose float32
 * rounding differs.
 *
 * ```ts
 * const opt = new Adam({ lr: 1e-3 });
 * opt.minimize(() => loss(), false, model.trainableParameters());
 * ```
 */
export class Adam extends AdamW {
  static override get className(): string {
    return 'SeqlabAdam';
  }

  /** @internal */
  protected static override readonly label: string = 'Adam';

  constructor(opts: AdamOptions = {}) {
    // A weightDecay smuggled in through an untyped object is overridden, not honoured.
    super({ ...opts, weightDecay: 0 });
  }
}
