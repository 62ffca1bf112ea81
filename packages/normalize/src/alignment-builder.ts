import { NormalizedString, identityFill } from './normalized-string.js';

/**
 * Assembles a new {@link NormalizedString} from a source one, left to right. Each pushed piece of
 * output text names the span of the SOURCE's normalised text it came from; the builder composes
 * that with the source's own alignments so the result points straight into the original.
 *
 * Internal: every transformation in this package is written against it.
 */
export class AlignmentBuilder {
  readonly #src: NormalizedString;
  // Null while the source still has the implicit identity alignment (computed on the fly).
  readonly #srcStarts: Uint32Array | null;
  readonly #srcEnds: Uint32Array | null;
  #parts: string[] = [];
  #starts: Uint32Array;
  #ends: Uint32Array;
  #len = 0;

  constructor(src: NormalizedString, capacityHint = src.length) {
    this.#src = src;
    this.#srcStarts = src._identity ? null : src._starts;
    this.#srcEnds = src._identity ? null : src._ends;
    const cap = Math.max(16, capacityHint + 16);
    this.#starts = new Uint32Array(cap);
    this.#ends = new Uint32Array(cap);
  }

  #reserve(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#starts.length) return;
    let cap = this.#starts.length * 2;
    while (cap < need) cap *= 2;
    const s = new Uint32Array(cap);
    const e = new Uint32Array(cap);
    s.set(this.#starts.subarray(0, this.#len));
    e.set(this.#ends.subarray(0, this.#len));
    this.#starts = s;
    this.#ends = e;
  }

  /** Copies source units `[a, b)` unchanged, alignments included. */
  keep(a: number, b: number): void {
    if (b <= a) return;
    this.#reserve(b - a);
    this.#parts.push(this.#src.normalized.slice(a, b));
    const len = this.#len;
    const ss = this.#srcStarts;
    const se = this.#srcEnds;
    if (ss === null || se === null) {
      identityFill(this.#src.normalized, a, b, this.#starts, this.#ends, len);
    } else if (b - a < 64) {
      // Short runs: a plain loop beats creating two subarray views.
      const s = this.#starts;
      const e = this.#ends;
      for (let i = a, j = len; i < b; i++, j++) {
        s[j] = ss[i]!;
        e[j] = se[i]!;
      }
    } else {
      this.#starts.set(ss.subarray(a, b), len);
      this.#ends.set(se.subarray(a, b), len);
    }
    this.#len = len + (b - a);
  }

  /**
   * Appends `text`, every unit of which came from source units `[a, b)`. With `a === b` the text is
   * an insertion and gets an empty span at the matching original position.
   */
  push(text: string, a: number, b: number): void {
    const n = text.length;
    if (n === 0) return;
    let lo: number;
    let hi: number;
    const ss = this.#srcStarts;
    const se = this.#srcEnds;
    const srcLen = this.#src.length;
    if (ss === null || se === null) {
      // Identity source: unit i covers [i, i + 1), widened to whole surrogate pairs.
      const t = this.#src.normalized;
      if (b > a) {
        lo = a > 0 && isLow(t, a) && isHigh(t, a - 1) ? a - 1 : a;
        hi = b < t.length && isLow(t, b) && isHigh(t, b - 1) ? b + 1 : b;
      } else {
        lo = hi = a > 0 ? (a < t.length && isLow(t, a) && isHigh(t, a - 1) ? a + 1 : a) : 0;
      }
    } else if (b > a) {
      lo = ss[a]!;
      hi = se[a]!;
      for (let i = a + 1; i < b; i++) {
        const s = ss[i]!;
        const e = se[i]!;
        if (s < lo) lo = s;
        if (e > hi) hi = e;
      }
    } else {
      lo = hi = a > 0 ? se[a - 1]! : srcLen > 0 ? ss[0]! : 0;
    }
    this.pushOriginal(text, lo, hi);
  }

  /** Appends `text` with one explicit original span for all of its units. */
  pushOriginal(text: string, lo: number, hi: number): void {
    const n = text.length;
    if (n === 0) return;
    this.#reserve(n);
    this.#parts.push(text);
    const s = this.#starts;
    const e = this.#ends;
    for (let j = this.#len, end = this.#len + n; j < end; j++) {
      s[j] = lo;
      e[j] = hi;
    }
    this.#len += n;
  }

  /** The filled part of `a`: a view when at most a quarter would be wasted, else a compact copy. */
  #trim(a: Uint32Array): Uint32Array {
    return this.#len >= a.length - (a.length >> 2) ? a.subarray(0, this.#len) : a.slice(0, this.#len);
  }

  /** The assembled string. */
  finish(): NormalizedString {
    const text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
    return NormalizedString._unchecked(
      this.#src.original,
      text,
      this.#trim(this.#starts),
      this.#trim(this.#ends),
    );
  }
}

function isHigh(t: string, i: number): boolean {
  return (t.charCodeAt(i) & 0xfc00) === 0xd800;
}

function isLow(t: string, i: number): boolean {
  return (t.charCodeAt(i) & 0xfc00) === 0xdc00;
}
