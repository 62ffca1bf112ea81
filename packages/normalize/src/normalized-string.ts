import { NormalizeError } from './errors.js';
import {
  appendText,
  filterCodePoints,
  globalRegex,
  mapCodePoints,
  prependText,
  replaceMatches,
  stripEnds,
  transform,
} from './transforms.js';
import { normalizeUnicode, type UnicodeForm } from './unicode-forms.js';

/** A half-open `[start, end)` span of UTF-16 code unit offsets. */
export type Span = [start: number, end: number];

/**
 * Text plus, for every UTF-16 code unit of {@link NormalizedString.normalized}, the `[start, end)`
 * span of {@link NormalizedString.original} it came from.
 *
 * Instances are immutable: every transformation returns a new `NormalizedString` whose alignments
 * still point into the same `original`. Alignments are per UTF-16 code unit (the two units of a
 * surrogate pair share one span) so that JavaScript string offsets can be mapped directly.
 *
 * Several normalised units may share one span (NFC composing `e` + U+0301 into `é` gives both
 * source units to the one output unit; NFKC expanding `ﬁ` gives `f` and `i` the same span), and
 * removed text simply has no normalised unit pointing at it.
 *
 * @example
 * ```ts
 * const s = new NormalizedString('Ｈｅｌｌｏ').normalizeUnicode('NFKC');
 * s.normalized;            // 'Hello'
 * s.originalSpan(1, 3);    // [1, 3]
 * ```
 */
export class NormalizedString {
  /** The text before any normalisation. */
  readonly original: string;
  /** @internal */ private _text: string;
  // Alignment arrays; null for the identity alignment of a fresh instance, built only when read
  // (a text that no normaliser changes never pays for them).
  /** @internal */ private _s: Uint32Array | null;
  /** @internal */ private _e: Uint32Array | null;

  /** Wraps `original` with the identity alignment (normalized === original). */
  constructor(original: string) {
    if (typeof original !== 'string') {
      throw new NormalizeError(`NormalizedString: original must be a string, got ${describe(original)}`);
    }
    this.original = original;
    this._text = original;
    this._s = null;
    this._e = null;
  }

  /**
   * Builds a `NormalizedString` from explicit alignments (one `[start, end)` per UTF-16 unit of
   * `normalized`, as `starts[i]` / `ends[i]`). Validates lengths and bounds.
   *
   * @throws {@link NormalizeError} naming the offending index when an alignment is out of range.
   */
  static fromAlignments(
    original: string,
    normalized: string,
    starts: ArrayLike<number>,
    ends: ArrayLike<number>,
  ): NormalizedString {
    if (starts.length !== normalized.length || ends.length !== normalized.length) {
      throw new NormalizeError(
        `NormalizedString.fromAlignments: starts/ends must have one entry per UTF-16 unit of normalized ` +
          `(expected ${normalized.length}, got ${starts.length}/${ends.length})`,
      );
    }
    const s = Uint32Array.from(starts);
    const e = Uint32Array.from(ends);
    for (let i = 0; i < s.length; i++) {
      const a = starts[i]!;
      const b = ends[i]!;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < a || b > original.length) {
        throw new NormalizeError(
          `NormalizedString.fromAlignments: alignment ${i} must satisfy 0 <= start <= end <= ${original.length}, got [${a}, ${b}]`,
        );
      }
    }
    return NormalizedString.#create(original, normalized, s, e);
  }

  /** @internal Creates an instance from trusted parts, without copying or validating. */
  static #create(original: string, normalized: string, starts: Uint32Array, ends: Uint32Array): NormalizedString {
    const ns = Object.create(NormalizedString.prototype) as NormalizedString;
    (ns as { original: string }).original = original;
    ns._text = normalized;
    ns._s = starts;
    ns._e = ends;
    return ns;
  }

  /** The normalised text. */
  get normalized(): string {
    return this._text;
  }

  /** Number of UTF-16 code units of the normalised text. */
  get length(): number {
    return this._text.length;
  }

  /**
   * Alignment of normalised code unit `i`: the `[start, end)` UTF-16 span of `original` it came from.
   *
   * @throws {@link NormalizeError} when `i` is not an integer in `[0, length)`.
   */
  alignment(i: number): Span {
    if (!Number.isInteger(i) || i < 0 || i >= this._text.length) {
      throw new NormalizeError(
        `NormalizedString.alignment: index must be an integer in [0, ${this._text.length}), got ${String(i)}`,
      );
    }
    return [this._starts[i]!, this._ends[i]!];
  }

  /** All alignments as `[start, end)` pairs, one per normalised UTF-16 unit (a copy). */
  alignments(): Span[] {
    const st = this._starts;
    const en = this._ends;
    const out: Span[] = new Array(st.length);
    for (let i = 0; i < out.length; i++) out[i] = [st[i]!, en[i]!];
    return out;
  }

  /**
   * All alignments as two typed arrays (copies): unit `i` came from `[starts[i], ends[i])`.
   * Cheaper than {@link NormalizedString.alignments} for long texts.
   */
  alignmentArrays(): { starts: Uint32Array; ends: Uint32Array } {
    return { starts: this._starts.slice(), ends: this._ends.slice() };
  }

  /**
   * Maps a `[start, end)` span of the normalised text back to the smallest span of the original
   * text covering everything it came from. An empty span maps to an empty span at the matching
   * original position.
   *
   * @throws {@link NormalizeError} when the span is not `0 <= start <= end <= length`.
   */
  originalSpan(start: number, end: number): Span {
    this._checkSpan('originalSpan', start, end);
    if (start === end) {
      const p = this._position(start);
      return [p, p];
    }
    const st = this._starts;
    const en = this._ends;
    let lo = st[start]!;
    let hi = en[start]!;
    for (let i = start + 1; i < end; i++) {
      const a = st[i]!;
      const b = en[i]!;
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
    return [lo, hi];
  }

  /**
   * The original-text position matching normalised position `p` (0..length): the end of the unit
   * before it, or the start of the first unit, or 0 when nothing is left.
   */
  private _position(p: number): number {
    if (p > 0) return this._ends[p - 1]!;
    if (this._text.length > 0) return this._starts[0]!;
    return 0;
  }

  /**
   * The normalised range `[start, end)` as a new `NormalizedString` keeping its alignments into the
   * same `original`.
   *
   * @throws {@link NormalizeError} when the span is not `0 <= start <= end <= length`.
   */
  slice(start: number, end: number = this._text.length): NormalizedString {
    this._checkSpan('slice', start, end);
    return NormalizedString.#create(
      this.original,
      this._text.slice(start, end),
      this._starts.slice(start, end),
      this._ends.slice(start, end),
    );
  }

  private _checkSpan(what: string, start: number, end: number): void {
    const n = this._text.length;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > n) {
      throw new NormalizeError(
        `NormalizedString.${what}: span must satisfy 0 <= start <= end <= ${n} (integers), got [${String(start)}, ${String(end)}]`,
      );
    }
  }

  /** Normalises to a Unicode form (NFC, NFD, NFKC, NFKD) keeping exact alignments. */
  normalizeUnicode(form: UnicodeForm): NormalizedString {
    return normalizeUnicode(this, form);
  }

  /**
   * Replaces each code point `ch` by `fn(ch)` (empty to delete, several characters to expand); every
   * unit of a replacement aligns to the code point it replaces.
   */
  mapCodePoints(fn: (ch: string) => string): NormalizedString {
    return mapCodePoints(this, fn);
  }

  /** Keeps only the code points for which `keep(ch)` returns true. */
  filter(keep: (ch: string) => boolean): NormalizedString {
    return filterCodePoints(this, keep);
  }

  /**
   * Applies per-code-point changes with Hugging Face tokenizers' `NormalizedString::transform`
   * semantics: each `[ch, change]` replaces the current code point (`0`), replaces it and removes
   * `-change` more (`< 0`) or inserts `ch` (`> 0`); `initialOffset` code points are removed first.
   */
  transform(changes: Iterable<readonly [string, number]>, initialOffset = 0): NormalizedString {
    return transform(this, changes, initialOffset);
  }

  /**
   * Replaces every match of `pattern` (a string matches literally, all occurrences) by
   * `replacement`: a string, which may use `$1`, `$&`, `$<name>` like `String.prototype.replace`,
   * or a function of the matched text. Each replacement aligns to the span of its match.
   */
  replace(pattern: string | RegExp, replacement: string | ((match: string) => string)): NormalizedString {
    return replaceMatches(this, globalRegex(pattern), replacement);
  }

  /** Inserts `prefix` at the start of a non-empty text, aligned with its first code point. */
  prepend(prefix: string): NormalizedString {
    return prependText(this, prefix);
  }

  /** Appends `suffix` to a non-empty text, aligned with its last code point. */
  append(suffix: string): NormalizedString {
    return appendText(this, suffix);
  }

  /**
   * Removes leading and/or trailing code points for which `isSpace` is true (default: the Unicode
   * White_Space property, as Rust's `char::is_whitespace` used by HF's `Strip`).
   */
  strip(left = true, right = true, isSpace: (ch: string) => boolean = isWhiteSpace): NormalizedString {
    return stripEnds(this, left, right, isSpace);
  }

  /** @internal Whether the alignment is still the implicit identity (no arrays built). */
  get _identity(): boolean {
    return this._s === null;
  }

  /** @internal Raw alignment starts, shared (do not mutate). */
  get _starts(): Uint32Array {
    if (this._s === null) this._materialize();
    return this._s!;
  }

  /** @internal Raw alignment ends, shared (do not mutate). */
  get _ends(): Uint32Array {
    if (this._e === null) this._materialize();
    return this._e!;
  }

  /** Builds the identity alignment arrays. */
  private _materialize(): void {
    const n = this._text.length;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    identityFill(this._text, 0, n, starts, ends, 0);
    this._s = starts;
    this._e = ends;
  }

  /** @internal Assembles an instance from trusted parts (no copy, no validation). */
  static _unchecked(original: string, normalized: string, starts: Uint32Array, ends: Uint32Array): NormalizedString {
    return NormalizedString.#create(original, normalized, starts, ends);
  }
}

/**
 * Writes the identity alignment of `text[a, b)` into `starts` / `ends` from index `at`: unit i
 * covers [i, i + 1), except that both halves of a surrogate pair cover the whole pair (so no
 * span splits a code point).
 */
export function identityFill(text: string, a: number, b: number, starts: Uint32Array, ends: Uint32Array, at: number): void {
  for (let i = a, j = at; i < b; i++, j++) {
    starts[j] = i;
    ends[j] = i + 1;
  }
  // Surrogate pairs overlapping [a, b): a regex over the range (bounded by a slice, so a search
  // never runs past b) is far faster than testing every unit in the loop above.
  const from = a > 0 ? a - 1 : 0;
  const to = Math.min(text.length, b + 1);
  if (to - from < 2) return;
  const sub = to - from < 64 ? null : text.slice(from, to);
  const fix = (i: number): void => {
    if (i >= a) ends[at + i - a] = i + 2;
    if (i + 1 < b) starts[at + i + 1 - a] = i;
  };
  if (sub === null) {
    for (let i = from; i + 1 < to; i++) {
      if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) fix(i++);
    }
    return;
  }
  const pairs = /[\ud800-\udbff][\udc00-\udfff]/g;
  for (let m = pairs.exec(sub); m !== null; m = pairs.exec(sub)) fix(from + m.index);
}

const WHITE_SPACE = /^\p{White_Space}$/u;

/** Unicode White_Space property. */
function isWhiteSpace(ch: string): boolean {
  return WHITE_SPACE.test(ch);
}

function describe(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
