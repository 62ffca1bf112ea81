/** Training produced a NaN or infinite loss or gradient norm; names the step where it happened. */
export class NonFiniteError extends Error {
  override readonly name = 'NonFiniteError';
  constructor(
    /** The 1-based update number that produced the value. */
    readonly step: number,
    /** What was not finite: `'loss'` or `'gradient norm'`. */
    readonly quantity: 'loss' | 'gradient norm',
    readonly value: number,
    readonly epoch: number,
  ) {
    super(`training stopped at step ${step} (epoch ${epoch}): ${quantity} is ${value} — lower the learning rate, clip gradients (clipNorm) or check the inputs of this batch`);
  }
}

/** A checkpoint could not be restored (wrong format, version, model or optimizer). */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}
