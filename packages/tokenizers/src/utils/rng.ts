/**
 * A small seeded PRNG (mulberry32). BPE dropout and the Unigram trainer need reproducible
 * randomness across runs and platforms; Math.random cannot be seeded.
 */
export class SeededRng {
  private state: number;
  constructor(seed = 0x2545f491) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
