/**
 * Read-only view of a darts-clone double-array trie, the structure SentencePiece stores in a
 * `precompiled_charsmap` (one 32-bit unit per node: label, leaf flag, offset to the children).
 * Mirrors `spm_precompiled::DoubleArray`, which Hugging Face tokenizers uses.
 */
export class DoubleArray {
  readonly #units: Uint32Array;

  constructor(units: Uint32Array) {
    this.#units = units;
  }

  /** Number of units. */
  get size(): number {
    return this.#units.length;
  }

  /**
   * The value of the SHORTEST key that is a prefix of `key[from..to)`, or -1 when none is. (HF
   * uses only the first, i.e. shortest, match of darts' common prefix search.) A zero byte ends
   * the key, as in darts. Reads outside the array end the search instead of failing.
   */
  firstPrefixValue(key: Uint8Array, from: number, to: number): number {
    const a = this.#units;
    if (a.length === 0) return -1;
    let pos = offset(a[0]!);
    for (let i = from; i < to; i++) {
      const c = key[i]!;
      if (c === 0) return -1;
      pos ^= c;
      if (pos >= a.length) return -1;
      const unit = a[pos]!;
      // label(): the low byte plus bit 31 (set on leaf units, so they never match a byte).
      if ((unit & 0x800000ff) >>> 0 !== c) return -1;
      pos ^= offset(unit);
      if ((unit >>> 8) & 1) {
        if (pos >= a.length) return -1;
        return a[pos]! & 0x7fffffff;
      }
    }
    return -1;
  }
}

/** darts-clone's offset(): bits 10..31, shifted left by 8 more when bit 9 is set. */
function offset(unit: number): number {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}
