/**
 * Python `str` whitespace helpers. sacreBLEU splits and strips with Python's `str.split()` /
 * `str.rstrip()`, whose whitespace set (`str.isspace`) differs from JavaScript's `\s` (it includes
 * U+001C-U+001F and U+0085, and excludes U+FEFF), so matching it exactly matters for exact scores.
 */
const PY_WS = '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000';
const SPLIT_RE = new RegExp(`[${PY_WS}]+`, 'u');
const RSTRIP_RE = new RegExp(`[${PY_WS}]+$`, 'u');

/** Python's `s.split()`: split on runs of whitespace, no empty strings. */
export function pySplit(s: string): string[] {
  return s.split(SPLIT_RE).filter((t) => t !== '');
}

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(RSTRIP_RE, '');
}

/** Code points of `s` (Python indexes strings by code point, JavaScript by UTF-16 unit). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}
