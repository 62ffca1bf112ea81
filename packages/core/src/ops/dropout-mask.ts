/**
 * Dropout keep-masks drawn on the host with a small, fast, seeded generator.
 *
 * `tf.randomUniform` draws its numbers on the host too (seedrandom's Alea, ~20 ns a number here)
 * before a backend sees them, and the mask then costs a compare, a cast, a multiply and a divide:
 * ~76 ms for one [16, 128, 1024] dropout on wasm, ~0.5 s of a Transformer LM training step.
 * Mulberry32 (one 32-bit state, a few integer operations per number) writes the scaled mask
 * `0 | 1/(1-p)` directly: one upload and one multiply remain.
 * @module
 */

/**
 * A `Float32Array` of `size` values, each `0` with probability `p` and `1 / (1 - p)` otherwise,
 * from the integer `seed` (the same seed gives the same mask).
 */
export function dropoutMask(size: number, p: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  const scale = 1 / (1 - p);
  // Keep when the 32-bit draw is >= p·2^32: P(keep) = 1 - p up to 2^-32.
  const threshold = p * 4294967296;
  let state = seed | 0;
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let z = Math.imul(state ^ (state >>> 15), 1 | state);
    z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
    out[i] = ((z ^ (z >>> 14)) >>> 0) >= threshold ? scale : 0;
  }
  return out;
}
