import { AlignmentBuilder } from './alignment-builder.js';
import { NormalizeError } from './errors.js';
import type { NormalizedString } from './normalized-string.js';

/**
 * Offset-keeping edits of a {@link NormalizedString}. Each returns a new instance; every output
 * unit points at the original text the edited source units came from.
 */

/** Width in UTF-16 units of the code point starting at `i` (2 for a well-formed surrogate pair). */
export function cpWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * Replaces every code point `ch` by `fn(ch)` (any string, empty to delete). Output units of a
 * replacement all align to the code point they replace. Unchanged runs are copied in bulk.
 */
export function mapCodePoints(ns: NormalizedString, fn: (ch: string) => string): NormalizedString {
  const text = ns.normalized;
  const out = new AlignmentBuilder(ns);
  let run = 0;
  for (let i = 0; i < text.length; ) {
    const w = cpWidth(text, i);
    const ch = w === 1 ? text[i]! : text.slice(i, i + 2);
    const mapped = fn(ch);
    if (mapped !== ch) {
      out.keep(run, i);
      out.push(mapped, i, i + w);
      run = i + w;
    }
    i += w;
  }
  out.keep(run, text.length);
  return out.finish();
}

/** Keeps the code points for which `keep(ch)` is true, drops the others. */
export function filterCodePoints(ns: NormalizedString, keep: (ch: string) => boolean): NormalizedString {
  return mapCodePoints(ns, (ch) => (keep(ch) ? ch : ''));
}

/**
 * Applies a list of per-code-point changes, with the semantics of Hugging Face tokenizers'
 * `NormalizedString::transform`: `initialOffset` source code points are removed first, then each
 * `[ch, change]` item either replaces the current source code point (`change === 0`), replaces it
 * and removes the `-change` following ones (`change < 0`), or inserts `ch` (`change > 0`, aligned
 * with the source code point before it). Source code points left over at the end are removed.
 *
 * @throws {@link NormalizeError} when an item is malformed or consumes more code points than exist.
 */
export function transform(
  ns: NormalizedString,
  changes: Iterable<readonly [string, number]>,
  initialOffset = 0,
): NormalizedString {
  if (!Number.isInteger(initialOffset) || initialOffset < 0) {
    throw new NormalizeError(`transform: initialOffset must be a non-negative integer, got ${String(initialOffset)}`);
  }
  const text = ns.normalized;
  const out = new AlignmentBuilder(ns);
  let pos = 0;
  let prevStart = 0; // start of the last consumed source code point (insertions align with it)
  const skip = (count: number, item: number): void => {
    for (let k = 0; k < count; k++) {
      if (pos >= text.length) {
        throw new NormalizeError(`transform: change ${item} removes past the end of the text (${text.length} units)`);
      }
      prevStart = pos;
      pos += cpWidth(text, pos);
    }
  };
  skip(initialOffset, -1);
  let item = 0;
  for (const entry of changes) {
    const [ch, change] = entry;
    if (typeof ch !== 'string' || !Number.isInteger(change)) {
      throw new NormalizeError(`transform: change ${item} must be [string, integer], got [${String(ch)}, ${String(change)}]`);
    }
    if (change > 0) {
      out.push(ch, pos > 0 ? prevStart : 0, pos);
    } else {
      if (pos >= text.length) {
        throw new NormalizeError(`transform: change ${item} replaces past the end of the text (${text.length} units)`);
      }
      const w = cpWidth(text, pos);
      out.push(ch, pos, pos + w);
      prevStart = pos;
      pos += w;
      skip(-change, item);
    }
    item++;
  }
  return out.finish();
}

/** Expands `$$`, `$&`, `` $` ``, `$'`, `$n`, `$nn` and `$<name>` as `String.prototype.replace` does. */
function substitute(replacement: string, m: RegExpExecArray, input: string): string {
  if (!replacement.includes('$')) return replacement;
  const groups = m.length - 1;
  return replacement.replace(/\$(\$|&|`|'|\d{1,2}|<([^>]*)>)/g, (tok: string, what: string, name?: string) => {
    if (what === '$') return '$';
    if (what === '&') return m[0];
    if (what === '`') return input.slice(0, m.index);
    if (what === "'") return input.slice(m.index + m[0].length);
    if (name !== undefined) {
      if (m.groups === undefined) return tok;
      return m.groups[name] ?? '';
    }
    // Two digits only when that group exists, else one digit followed by a literal (ECMA-262).
    const two = Number(what);
    if (what.length === 2 && two >= 1 && two <= groups) return m[two] ?? '';
    const one = Number(what[0]);
    if (one >= 1 && one <= groups) return (m[one] ?? '') + (what.length === 2 ? what[1]! : '');
    return tok;
  });
}

/** A global copy of `pattern` (a string is matched literally). */
export function globalRegex(pattern: string | RegExp): RegExp {
  if (typeof pattern === 'string') {
    if (pattern === '') throw new NormalizeError('replace: pattern must not be an empty string');
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'), 'gu');
  }
  if (!(pattern instanceof RegExp)) {
    throw new NormalizeError(`replace: pattern must be a string or RegExp, got ${typeof pattern}`);
  }
  return pattern.global ? new RegExp(pattern.source, pattern.flags) : new RegExp(pattern.source, pattern.flags + 'g');
}

/**
 * Replaces every match of `pattern` by `replacement`: a string with the `$1`, `$&`, `$<name>`
 * patterns of `String.prototype.replace`, or a function of the matched text. Each replacement
 * aligns to the span of its match; a replacement of an empty match is an insertion at that
 * position; a match replaced by itself keeps its alignments.
 */
export function replaceMatches(
  ns: NormalizedString,
  pattern: RegExp,
  replacement: string | ((match: string) => string),
): NormalizedString {
  const text = ns.normalized;
  const out = new AlignmentBuilder(ns);
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const rep = typeof replacement === 'string' ? substitute(replacement, m, text) : replacement(m[0]);
    if (rep !== m[0] || m[0].length === 0) {
      out.keep(last, start);
      out.push(rep, start, end);
      last = end;
    }
    if (m[0].length === 0) re.lastIndex = start + (re.unicode || re.flags.includes('v') ? cpWidth(text, start) : 1);
  }
  out.keep(last, text.length);
  return out.finish();
}

/** Inserts `prefix` before a non-empty text, aligned with its first code point (as HF's `prepend`). */
export function prependText(ns: NormalizedString, prefix: string): NormalizedString {
  const text = ns.normalized;
  if (text.length === 0 || prefix.length === 0) return ns;
  const out = new AlignmentBuilder(ns);
  const w = cpWidth(text, 0);
  out.push(prefix, 0, w);
  out.keep(0, text.length);
  return out.finish();
}

/** Appends `suffix` after a non-empty text, aligned with its last code point (as HF's `append`). */
export function appendText(ns: NormalizedString, suffix: string): NormalizedString {
  const text = ns.normalized;
  if (text.length === 0 || suffix.length === 0) return ns;
  const out = new AlignmentBuilder(ns);
  out.keep(0, text.length);
  const n = text.length;
  const lastW = n >= 2 && cpWidth(text, n - 2) === 2 ? 2 : 1;
  out.push(suffix, n - lastW, n);
  return out.finish();
}

/** Removes leading (`left`) and/or trailing (`right`) code points for which `isSpace` is true. */
export function stripEnds(
  ns: NormalizedString,
  left: boolean,
  right: boolean,
  isSpace: (ch: string) => boolean,
): NormalizedString {
  const text = ns.normalized;
  let a = 0;
  let b = text.length;
  if (left) {
    while (a < b) {
      const w = cpWidth(text, a);
      if (!isSpace(text.slice(a, a + w))) break;
      a += w;
    }
  }
  if (right) {
    while (b > a) {
      const w = b - 2 >= a && cpWidth(text, b - 2) === 2 ? 2 : 1;
      if (!isSpace(text.slice(b - w, b))) break;
      b -= w;
    }
  }
  return a === 0 && b === text.length ? ns : ns.slice(a, b);
}
