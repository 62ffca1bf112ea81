import seedrandom from 'seedrandom';

/** Serialisable state of a {@link Generator}, for exact resume from a checkpoint. */
export type GeneratorState = object;

/** seedrandom's Alea with `{ state: true }`; its typings omit the state API. */
interface StatefulPrng {
  double(): number;
  state(): GeneratorState;
}
type AleaFactory = (seed: string, opts: { state: boolean | GeneratorState }) => StatefulPrng;
const alea = seedrandom.alea as unknown as AleaFactory;

/**
 * A seeded pseudo-random generator (seedrandom's Alea): the same seed gives the same numbers on
 * every platform and backend. Like `torch.Generator`, pass one to initialisers and layers, or use
 * the process-wide {@link defaultGenerator} seeded with {@link manualSeed}.
 */
export class Generator {
  private prng: StatefulPrng;

  constructor(seed: number | string = 0) {
    this.prng = alea(String(seed), { state: true });
  }

  /** Restores a generator from {@link Generator.state}. */
  static fromState(state: GeneratorState): Generator {
    const g = new Generator(0);
    g.prng = alea('', { state });
    return g;
  }

  /** The full state; `Generator.fromState(g.state())` continues the same stream. */
  state(): GeneratorState {
    return this.prng.state();
  }

  /** A float in [0, 1) with 53 bits of randomness. */
  random(): number {
    return this.prng.double();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Generator.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.prng.double() * n);
  }

  /** An integer seed in [0, 2^31) for tfjs random ops (`tf.randomUniform(..., seed)`). */
  seed(): number {
    return Math.floor(this.prng.double() * 2147483647);
  }

  /** `n` samples of U(low, high). */
  uniform(n: number, low = 0, high = 1): Float32Array {
    const out = new Float32Array(n);
    const span = high - low;
    for (let i = 0; i < n; i++) out[i] = low + span * this.prng.double();
    return out;
  }

  /** `n` samples of N(mean, std²) by the Box-Muller transform. */
  normal(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      // 1 - u keeps the log argument in (0, 1].
      const u1 = 1 - this.prng.double();
      const u2 = this.prng.double();
      const r = Math.sqrt(-2 * Math.log(u1));
      out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
      if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
    }
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.prng.double() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

let globalGenerator = new Generator(0);

/** Reseeds the process-wide generator, like `torch.manual_seed`. */
export function manualSeed(seed: number | string): Generator {
  globalGenerator = new Generator(seed);
  return globalGenerator;
}

/** The process-wide generator used when no `rng` option is given. */
export function defaultGenerator(): Generator {
  return globalGenerator;
}
