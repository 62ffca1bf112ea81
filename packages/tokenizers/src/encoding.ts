/**
 * The output of encoding one input (a sequence or a pair): parallel arrays, one entry per token.
 * Offsets are `[start, end)` in UTF-16 units of the ORIGINAL input text of the token's sequence
 * (`sequenceIds` says which); special and padding tokens have `[0, 0]`.
 */
/**
 * Compact per-token storage of an unmaterialised {@link Encoding} (typed arrays; -1 stands for
 * null in `words` and `seq`). `overrides` gives token strings that differ from `tokenOf(id)`.
 */
export interface Compact {
  tokenOf: (id: number) => string;
  overrides: Map<number, string> | null;
  offs: Int32Array;
  words: Int32Array;
  typeIds: Int32Array;
  special: Uint8Array;
  seq: Int32Array;
}

export class Encoding {
  ids: number[];
  /** Parts cut off by truncation (each a full Encoding), in order. */
  overflowing: Encoding[] = [];

  // Lazily materialised fields: a freshly encoded sequence keeps compact typed arrays and builds
  // the per-token arrays (and the [start, end] pairs) only when they are read. This is what
  // keeps encoding fast for callers that only need ids.
  private _tokens: string[] | null;
  private _offsets: Array<[number, number]> | null;
  private _typeIds: number[] | null;
  private _attentionMask: number[] | null;
  private _specialTokensMask: number[] | null;
  private _wordIds: Array<number | null> | null;
  private _sequenceIds: Array<number | null> | null;
  private _lazy: Compact | null = null;

  constructor(init: Partial<Pick<Encoding, 'ids' | 'tokens' | 'offsets' | 'typeIds' | 'attentionMask' | 'specialTokensMask' | 'wordIds' | 'sequenceIds'>> = {}) {
    this.ids = init.ids ?? [];
    const n = this.ids.length;
    this._tokens = init.tokens ?? [];
    this._offsets = init.offsets ?? [];
    this._typeIds = init.typeIds ?? new Array<number>(n).fill(0);
    this._attentionMask = init.attentionMask ?? new Array<number>(n).fill(1);
    this._specialTokensMask = init.specialTokensMask ?? new Array<number>(n).fill(0);
    this._wordIds = init.wordIds ?? new Array<number | null>(n).fill(null);
    this._sequenceIds = init.sequenceIds ?? new Array<number | null>(n).fill(0);
  }

  /**
   * An encoding of one sequence from compact arrays: `offs` holds `start, end` pairs, `words`
   * the word index per token; tokens come from `tokenOf`. Fields materialise on first read.
   */
  static fromCompact(ids: number[], tokenOf: (id: number) => string, offs: Int32Array, words: Int32Array, typeId: number): Encoding {
    const e = new Encoding();
    e.ids = ids;
    e._tokens = e._offsets = e._typeIds = e._attentionMask = e._specialTokensMask = e._wordIds = e._sequenceIds = null;
    const n = ids.length;
    e._lazy = {
      tokenOf,
      overrides: null,
      offs,
      words,
      typeIds: new Int32Array(n).fill(typeId),
      special: new Uint8Array(n),
      seq: new Int32Array(n).fill(typeId),
    };
    return e;
  }

  /** The compact form when nothing has been materialised or replaced yet (else null). */
  compact(): Compact | null {
    if (this._lazy === null) return null;
    if (this._tokens !== null || this._offsets !== null || this._typeIds !== null || this._attentionMask !== null) return null;
    if (this._specialTokensMask !== null || this._wordIds !== null || this._sequenceIds !== null) return null;
    return this._lazy;
  }

  /** An unmaterialised encoding from compact arrays (used by post-processors' fast path). */
  static fromCompactParts(ids: number[], c: Compact): Encoding {
    const e = new Encoding();
    e.ids = ids;
    e._tokens = e._offsets = e._typeIds = e._attentionMask = e._specialTokensMask = e._wordIds = e._sequenceIds = null;
    e._lazy = c;
    return e;
  }

  /** Token strings. */
  get tokens(): string[] {
    if (this._tokens === null) {
      const { tokenOf, overrides } = this._lazy!;
      this._tokens = overrides === null ? this.ids.map(tokenOf) : this.ids.map((id, i) => overrides.get(i) ?? tokenOf(id));
    }
    return this._tokens;
  }
  set tokens(v: string[]) {
    this._tokens = v;
  }
  /** `[start, end)` in UTF-16 units of the original text of the token's sequence. */
  get offsets(): Array<[number, number]> {
    if (this._offsets === null) {
      const o = this._lazy!.offs;
      const n = this.ids.length;
      const out = new Array<[number, number]>(n);
      for (let i = 0; i < n; i++) out[i] = [o[2 * i]!, o[2 * i + 1]!];
      this._offsets = out;
    }
    return this._offsets;
  }
  set offsets(v: Array<[number, number]>) {
    this._offsets = v;
  }
  /** Segment (token type) ids. */
  get typeIds(): number[] {
    if (this._typeIds === null) this._typeIds = Array.from(this._lazy!.typeIds);
    return this._typeIds;
  }
  set typeIds(v: number[]) {
    this._typeIds = v;
  }
  /** 1 for real tokens, 0 for padding. */
  get attentionMask(): number[] {
    if (this._attentionMask === null) this._attentionMask = new Array<number>(this.ids.length).fill(1);
    return this._attentionMask;
  }
  set attentionMask(v: number[]) {
    this._attentionMask = v;
  }
  /** 1 for tokens added by the post-processor or padding, else 0. */
  get specialTokensMask(): number[] {
    if (this._specialTokensMask === null) this._specialTokensMask = Array.from(this._lazy!.special);
    return this._specialTokensMask;
  }
  set specialTokensMask(v: number[]) {
    this._specialTokensMask = v;
  }
  /** Index of the pre-tokenized word each token came from, null for special/padding tokens. */
  get wordIds(): Array<number | null> {
    if (this._wordIds === null) this._wordIds = Array.from(this._lazy!.words.subarray(0, this.ids.length), (w) => (w < 0 ? null : w));
    return this._wordIds;
  }
  set wordIds(v: Array<number | null>) {
    this._wordIds = v;
  }
  /** 0 for the first sequence, 1 for the pair, null for special/padding tokens. */
  get sequenceIds(): Array<number | null> {
    if (this._sequenceIds === null) this._sequenceIds = Array.from(this._lazy!.seq, (q) => (q < 0 ? null : q));
    return this._sequenceIds;
  }
  set sequenceIds(v: Array<number | null>) {
    this._sequenceIds = v;
  }

  /** Builds every lazy field now (before `ids` changes length, they must be read). */
  private materialize(): void {
    void this.tokens;
    void this.offsets;
    void this.typeIds;
    void this.attentionMask;
    void this.specialTokensMask;
    void this.wordIds;
    void this.sequenceIds;
  }

  /** Number of tokens. */
  get length(): number {
    return this.ids.length;
  }

  /** Tokens `[start, end)` as a new Encoding (no overflowing). */
  slice(start: number, end: number): Encoding {
    return new Encoding({
      ids: this.ids.slice(start, end),
      tokens: this.tokens.slice(start, end),
      offsets: this.offsets.slice(start, end),
      typeIds: this.typeIds.slice(start, end),
      attentionMask: this.attentionMask.slice(start, end),
      specialTokensMask: this.specialTokensMask.slice(start, end),
      wordIds: this.wordIds.slice(start, end),
      sequenceIds: this.sequenceIds.slice(start, end),
    });
  }

  /** Appends another encoding's tokens (HF `merge_with` without offset shifting). */
  append(other: Encoding): void {
    this.materialize();
    // concat, not push(...x): spreading 10^5+ items overflows the call stack.
    this.ids = this.ids.concat(other.ids);
    this.tokens = this.tokens.concat(other.tokens);
    this.offsets = this.offsets.concat(other.offsets);
    this.typeIds = this.typeIds.concat(other.typeIds);
    this.attentionMask = this.attentionMask.concat(other.attentionMask);
    this.specialTokensMask = this.specialTokensMask.concat(other.specialTokensMask);
    this.wordIds = this.wordIds.concat(other.wordIds);
    this.sequenceIds = this.sequenceIds.concat(other.sequenceIds);
  }

  /**
   * Concatenates `other` after this encoding, combining overflowing parts as HF's
   * `Encoding::merge_with` does: each of our overflows with `other` and each of its overflows,
   * then ourself with each of `other`'s overflows.
   */
  mergeWith(other: Encoding): Encoding {
    const overflows: Encoding[] = [];
    for (const o of this.overflowing) {
      overflows.push(o.cloneShallow().mergeWith(other.cloneShallow()));
      for (const p of other.overflowing) overflows.push(o.cloneShallow().mergeWith(p.cloneShallow()));
    }
    for (const p of other.overflowing) overflows.push(this.cloneShallow().mergeWith(p.cloneShallow()));
    this.append(other);
    this.overflowing = overflows;
    return this;
  }

  /** A copy of the token arrays without overflowing parts. */
  cloneShallow(): Encoding {
    return this.slice(0, this.length);
  }

  /** Sets every type id (used by post-processors for the pair's sequence). */
  setTypeIds(typeId: number): void {
    const c = this.compact();
    if (c !== null) c.typeIds.fill(typeId);
    else this._typeIds = new Array<number>(this.ids.length).fill(typeId);
  }

  /**
   * Truncates to `maxLength` tokens in place (HF `Encoding::truncate`): the rest becomes
   * `overflowing` windows of `maxLength` tokens that overlap by `stride`.
   */
  truncate(maxLength: number, stride = 0, direction: 'right' | 'left' = 'right'): void {
    const len = this.length;
    if (maxLength >= len) return;
    if (maxLength === 0) {
      const whole = this.slice(0, len);
      this.assign(new Encoding());
      this.overflowing = [whole];
      return;
    }
    if (stride >= maxLength) throw new RangeError(`truncation: stride (${stride}) must be smaller than max_length (${maxLength})`);
    const step = maxLength - stride;
    const parts: Array<[number, number]> = [];
    if (direction === 'right') {
      for (let start = 0; start < len; start += step) {
        const stop = Math.min(start + maxLength, len);
        parts.push([start, stop]);
        if (stop === len) break;
      }
    } else {
      for (let stop = len; stop > 0; stop -= step) {
        const start = Math.max(0, stop - maxLength);
        parts.push([start, stop]);
        if (start === 0) break;
      }
    }
    const all = this.slice(0, len);
    const [s0, e0] = parts[0]!;
    this.assign(all.slice(s0, e0));
    this.overflowing = parts.slice(1).map(([s, e]) => all.slice(s, e));
  }

  /**
   * Pads in place to `targetLength` (HF `Encoding::pad`), also padding overflowing parts.
   * Padding tokens get attention 0, special-token mask 1 and offsets [0, 0].
   */
  pad(targetLength: number, padId: number, padTypeId: number, padToken: string, direction: 'right' | 'left'): void {
    for (const o of this.overflowing) o.pad(targetLength, padId, padTypeId, padToken, direction);
    const n = targetLength - this.length;
    if (n <= 0) return;
    this.materialize();
    const fill = <T>(arr: T[], v: T): T[] => {
      const p = new Array<T>(n).fill(v);
      return direction === 'right' ? arr.concat(p) : p.concat(arr);
    };
    this.ids = fill(this.ids, padId);
    this.tokens = fill(this.tokens, padToken);
    this.typeIds = fill(this.typeIds, padTypeId);
    this.attentionMask = fill(this.attentionMask, 0);
    this.specialTokensMask = fill(this.specialTokensMask, 1);
    this.offsets = fill<[number, number]>(this.offsets, [0, 0]);
    this.wordIds = fill<number | null>(this.wordIds, null);
    this.sequenceIds = fill<number | null>(this.sequenceIds, null);
    // `fill` shares one [0, 0] array between pads; give each its own so callers may mutate.
    for (let i = 0; i < this.offsets.length; i++) if (this.attentionMask[i] === 0) this.offsets[i] = [0, 0];
  }

  private assign(o: Encoding): void {
    this.ids = o.ids;
    this.tokens = o.tokens;
    this.offsets = o.offsets;
    this.typeIds = o.typeIds;
    this.attentionMask = o.attentionMask;
    this.specialTokensMask = o.specialTokensMask;
    this.wordIds = o.wordIds;
    this.sequenceIds = o.sequenceIds;
  }
}
