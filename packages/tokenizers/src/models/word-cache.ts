/**
 * Cache of tokenized words keyed by a range of a larger string: lookups hash and compare the
 * characters in place, so a cache hit allocates nothing (no substring, no V8 string hashing).
 * Open addressing with linear probing; once `maxEntries` words are stored, new words are no
 * longer added (HF's BPE cache behaves the same way).
 */
export class WordCache {
  private keys: Array<string | undefined>;
  private vals: Array<Int32Array | undefined>;
  private hashes: Int32Array;
  private mask: number;
  size = 0;

  constructor(readonly maxEntries: number) {
    // Starts small and doubles at half load, so small tokenizers stay small.
    const cap = 256;
    this.keys = new Array<string | undefined>(cap);
    this.vals = new Array<Int32Array | undefined>(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private static hash(text: string, a: number, b: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = a; i < b; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h | 1; // never 0, so 0 marks an empty slot
  }

  /** The cached value for `text[a, b)`, or undefined. */
  get(text: string, a: number, b: number): Int32Array | undefined {
    const h = WordCache.hash(text, a, b);
    const len = b - a;
    let i = h & this.mask;
    for (;;) {
      const sh = this.hashes[i]!;
      if (sh === 0) return undefined;
      if (sh === h) {
        const k = this.keys[i]!;
        if (k.length === len) {
          let j = 0;
          while (j < len && k.charCodeAt(j) === text.charCodeAt(a + j)) j++;
          if (j === len) return this.vals[i];
        }
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Stores `value` for `key` (the whole string) unless the cache is full. */
  set(key: string, value: Int32Array): void {
    if (this.size >= this.maxEntries) return;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const h = WordCache.hash(key, 0, key.length);
    let i = h & this.mask;
    while (this.hashes[i] !== 0) {
      if (this.hashes[i] === h && this.keys[i] === key) {
        this.vals[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
    this.hashes[i] = h;
    this.keys[i] = key;
    this.vals[i] = value;
    this.size++;
  }

  private grow(): void {
    const { keys, vals, hashes } = this;
    const cap = (this.mask + 1) * 2;
    this.keys = new Array<string | undefined>(cap);
    this.vals = new Array<Int32Array | undefined>(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < hashes.length; j++) {
      const h = hashes[j]!;
      if (h === 0) continue;
      let i = h & this.mask;
      while (this.hashes[i] !== 0) i = (i + 1) & this.mask;
      this.hashes[i] = h;
      this.keys[i] = keys[j];
      this.vals[i] = vals[j];
    }
  }

  clear(): void {
    this.keys.fill(undefined);
    this.vals.fill(undefined);
    this.hashes.fill(0);
    this.size = 0;
  }
}
