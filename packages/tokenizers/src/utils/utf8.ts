/**
 * UTF-8 helpers that work on JS strings directly. A lone surrogate is encoded as U+FFFD
 * (EF BF BD), exactly like `TextEncoder`, because UTF-8 cannot represent it; this is the one case
 * where decode(encode(x)) differs from x.
 */

/**
 * Appends the UTF-8 bytes of `text[start, end)` to `bytes` and, per byte, the UTF-16 span of the
 * character it came from (`unitStart`, `unitEnd`, relative to `start`). Returns the byte count.
 */
export function utf8WithUnits(
  text: string,
  start: number,
  end: number,
  bytes: number[],
  unitStart: number[],
  unitEnd: number[],
): number {
  const before = bytes.length;
  let i = start;
  while (i < end) {
    let cp = text.charCodeAt(i);
    let len = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < end) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        len = 2;
      } else cp = 0xfffd;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const s = i - start;
    const e = s + len;
    if (cp < 0x80) {
      bytes.push(cp);
      unitStart.push(s);
      unitEnd.push(e);
    } else if (cp < 0x800) {
      bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      unitStart.push(s, s);
      unitEnd.push(e, e);
    } else if (cp < 0x10000) {
      bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      unitStart.push(s, s, s);
      unitEnd.push(e, e, e);
    } else {
      bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      unitStart.push(s, s, s, s);
      unitEnd.push(e, e, e, e);
    }
    i += len;
  }
  return bytes.length - before;
}

const encoder = new TextEncoder();
/** UTF-8 bytes of a string (lone surrogates become U+FFFD). */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
