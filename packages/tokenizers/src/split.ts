/**
 * A piece of (normalised) text flowing through the pre-tokenizers to the model, with enough
 * bookkeeping to map any span of it back to the normalised string, and from there to the
 * original text.
 */
export interface Split {
  /** The text of this piece. */
  text: string;
  /**
   * Alignment of each UTF-16 unit of `text` to the normalised string: unit i covers
   * `[align[2i], align[2i+1])`. `null` means the identity: unit i covers `[start+i, start+i+1)`.
   */
  align: Int32Array | null;
  /** Offset of `text[0]` in the normalised string (used when `align` is null). */
  start: number;
  /**
   * True when a byte-level pre-tokenizer has claimed this piece but left the byte-to-character
   * mapping to the model (BPE does it inside its word cache, which is far faster than building
   * the mapped string for every word). Anything else that needs the mapped text calls
   * `materializeByteLevel` first.
   */
  byteLevel: boolean;
  /**
   * When > 0, the byte-level view starts with an added space (ByteLevel `add_prefix_space`) that
   * maps, as in HF, to the span of the first character of the whole input: `[start, start +
   * prefixSpace)`. Only used together with `byteLevel` and an identity alignment.
   */
  prefixSpace: number;
}

/** A split covering a whole string (identity alignment). */
export function wholeSplit(text: string, start = 0): Split {
  return { text, align: null, start, byteLevel: false, prefixSpace: 0 };
}

/** The sub-split of `s` covering its units `[a, b)`. */
export function subSplit(s: Split, a: number, b: number): Split {
  return {
    text: s.text.slice(a, b),
    align: s.align === null ? null : s.align.subarray(2 * a, 2 * b),
    start: s.align === null ? s.start + a : 0,
    byteLevel: false,
    prefixSpace: 0,
  };
}

/** Normalised-string start of unit `i` of split `s`. */
export function unitStart(s: Split, i: number): number {
  return s.align === null ? s.start + i : s.align[2 * i]!;
}

/** Normalised-string end of unit `i` of split `s` (exclusive). */
export function unitEnd(s: Split, i: number): number {
  return s.align === null ? s.start + i + 1 : s.align[2 * i + 1]!;
}

/** Alignment array for a split, building the identity one when it is implicit. */
export function alignmentOf(s: Split): Int32Array {
  if (s.align !== null) return s.align;
  const a = new Int32Array(2 * s.text.length);
  for (let i = 0; i < s.text.length; i++) {
    a[2 * i] = s.start + i;
    a[2 * i + 1] = s.start + i + 1;
  }
  return a;
}

/** How the delimiter found by a splitting rule is kept (HF `SplitDelimiterBehavior`). */
export type SplitBehavior = 'removed' | 'isolated' | 'mergedWithPrevious' | 'mergedWithNext' | 'contiguous';

/** HF's JSON spelling of each behaviour. */
export const BEHAVIOR_JSON: Record<SplitBehavior, string> = {
  removed: 'Removed',
  isolated: 'Isolated',
  mergedWithPrevious: 'MergedWithPrevious',
  mergedWithNext: 'MergedWithNext',
  contiguous: 'Contiguous',
};

/** Parses HF's JSON spelling of a behaviour (`Isolated`, ...). */
export function behaviorFromJson(v: string): SplitBehavior | null {
  for (const [k, j] of Object.entries(BEHAVIOR_JSON)) if (j === v) return k as SplitBehavior;
  return null;
}

/**
 * Splits `s` given its match ranges (flat `[start, end, ...]`, sorted, non-overlapping) with HF's
 * delimiter semantics, appending the resulting non-empty pieces to `out`.
 */
export function splitByRanges(s: Split, matches: number[], behavior: SplitBehavior, invert: boolean, out: Split[]): void {
  // Build (start, end, isMatch) covering the whole text, as HF's `find_matches` does.
  const n = s.text.length;
  const parts: number[] = [];
  let prev = 0;
  for (let k = 0; k < matches.length; k += 2) {
    const a = matches[k]!;
    const b = matches[k + 1]!;
    if (prev !== a) parts.push(prev, a, invert ? 1 : 0);
    parts.push(a, b, invert ? 0 : 1);
    prev = b;
  }
  if (prev !== n) parts.push(prev, n, invert ? 1 : 0);
  const pieces: number[] = []; // start, end pairs
  if (behavior === 'removed') {
    for (let k = 0; k < parts.length; k += 3) if (parts[k + 2] === 0) pieces.push(parts[k]!, parts[k + 1]!);
  } else if (behavior === 'isolated') {
    for (let k = 0; k < parts.length; k += 3) pieces.push(parts[k]!, parts[k + 1]!);
  } else if (behavior === 'mergedWithPrevious') {
    let prevMatch = false;
    for (let k = 0; k < parts.length; k += 3) {
      const isMatch = parts[k + 2] === 1;
      if (isMatch && !prevMatch && pieces.length > 0) pieces[pieces.length - 1] = parts[k + 1]!;
      else pieces.push(parts[k]!, parts[k + 1]!);
      prevMatch = isMatch;
    }
  } else if (behavior === 'mergedWithNext') {
    let prevMatch = false;
    const rev: number[] = [];
    for (let k = parts.length - 3; k >= 0; k -= 3) {
      const isMatch = parts[k + 2] === 1;
      if (isMatch && !prevMatch && rev.length > 0) rev[rev.length - 2] = parts[k]!;
      else rev.push(parts[k]!, parts[k + 1]!);
      prevMatch = isMatch;
    }
    for (let k = rev.length - 2; k >= 0; k -= 2) pieces.push(rev[k]!, rev[k + 1]!);
  } else {
    let prevMatch = false;
    for (let k = 0; k < parts.length; k += 3) {
      const isMatch = parts[k + 2] === 1;
      if (isMatch === prevMatch && pieces.length > 0) pieces[pieces.length - 1] = parts[k + 1]!;
      else pieces.push(parts[k]!, parts[k + 1]!);
      prevMatch = isMatch;
    }
  }
  for (let k = 0; k < pieces.length; k += 2) {
    const a = pieces[k]!;
    const b = pieces[k + 1]!;
    if (b > a) out.push(a === 0 && b === n ? s : subSplit(s, a, b));
  }
}

/** Match ranges of every single character satisfying `pred` (code point aware). */
export function charMatches(text: string, pred: (cp: number) => boolean): number[] {
  const m: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if (pred(cp)) m.push(i, i + len);
    i += len;
  }
  return m;
}

/** Match ranges of a global regex (empty matches are kept and later dropped as empty pieces). */
export function regexMatches(text: string, re: RegExp): number[] {
  const m: number[] = [];
  re.lastIndex = 0;
  let r: RegExpExecArray | null;
  while ((r = re.exec(text)) !== null) {
    m.push(r.index, r.index + r[0].length);
    if (r[0].length === 0) re.lastIndex = r.index + (text.codePointAt(r.index)! > 0xffff ? 2 : 1);
  }
  return m;
}
