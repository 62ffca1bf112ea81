/**
 * Open-addressing hash table from an id pair (a, b) to a merge rank. BPE looks a pair up for
 * every adjacent symbol pair of every new word, so this avoids string keys and boxed numbers.
 */
export class PairTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Rank of (a, b), or -1. */
  get(a: number, b: number): number {
    let i = this.slot(a, b);
    const ka = this.keysA;
    for (;;) {
      const k = ka[i]!;
      if (k === -1) return -1;
      if (k === a && this.keysB[i] === b) return this.vals[i]!;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Sets (a, b) -> v. A pair listed twice keeps the later rank, as HF's Rust `collect()` into a
   * HashMap does. Returns false when the pair was already present.
   */
  set(a: number, b: number, v: number): boolean {
    if (this.size * 2 >= this.mask + 1) this.grow();
    let i = this.slot(a, b);
    for (;;) {
      const k = this.keysA[i]!;
      if (k === -1) {
        this.keysA[i] = a;
        this.keysB[i] = b;
        this.vals[i] = v;
        this.size++;
        return true;
      }
      if (k === a && this.keysB[i] === b) {
        this.vals[i] = v;
        return false;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keysA, keysB, vals } = this;
    const cap = (this.mask + 1) * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < keysA.length; i++) if (keysA[i] !== -1) this.set(keysA[i]!, keysB[i]!, vals[i]!);
  }
}
