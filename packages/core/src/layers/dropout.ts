import { mul, tensor, tidy, zerosLike, type Tensor } from '@tensorflow/tfjs-core';
import { ValueError } from '../errors.js';
import { Module } from '../module.js';
import { dropoutMask } from '../ops/dropout-mask.js';
import { defaultGenerator, type Generator } from '../rng.js';

/**
 * Inverted dropout, PyTorch's `nn.Dropout`: in train mode zeroes each element with probability
 * `p` and scales the rest by 1/(1-p); in eval mode returns the input unchanged. Masks are drawn
 * from a seeded {@link Generator} (through a fast host-side generator, see `dropoutMask`), so a
 * run is reproducible and the same on every backend.
 */
export class Dropout extends Module {
  private readonly rng: Generator | undefined;

  constructor(
    readonly p = 0.5,
    opts: { rng?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}`);
    this.rng = opts.rng;
  }

  /** Applies dropout in train mode; identity (the same tensor) in eval mode or when p = 0. */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return zerosLike(x);
    const seed = (this.rng ?? defaultGenerator()).seed();
    return tidy(() => mul(x, tensor(dropoutMask(x.size, this.p, seed), x.shape, 'float32')));
  }
}
