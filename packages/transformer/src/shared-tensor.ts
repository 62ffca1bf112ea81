import { keep, type Tensor } from '@tensorflow/tfjs-core';

/**
 * A tensor shared by several caches without copying (tfjs's `clone()` copies on wasm, whose
 * Identity kernel duplicates the buffer): each holder calls {@link SharedTensor.retain} and
 * {@link SharedTensor.release}; the tensor is disposed when the last holder releases it. Kept
 * (`tf.keep`) so that enclosing `tf.tidy` scopes never free it.
 */
export class SharedTensor {
  private refs = 1;
  readonly tensor: Tensor;

  constructor(tensor: Tensor) {
    this.tensor = keep(tensor);
  }

  /** Adds a holder; returns this. */
  retain(): SharedTensor {
    this.refs++;
    return this;
  }

  /** Drops a holder; the last one disposes the tensor. */
  release(): void {
    if (--this.refs === 0) this.tensor.dispose();
  }
}
