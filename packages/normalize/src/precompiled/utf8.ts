/**
 * Writes the UTF-8 bytes of `text[from..to)` into `out` (grown as needed) and returns the byte
 * count. A lone surrogate is written as U+FFFD, as `TextEncoder` does.
 */
export function utf8Into(text: string, from: number, to: number, out: { buf: Uint8Array }): number {
  if (out.buf.length < (to - from) * 3) out.buf = new Uint8Array((to - from) * 3);
  const b = out.buf;
  let n = 0;
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      b[n++] = c;
    } else if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < to ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[n++] = 0xf0 | (cp >> 18);
          b[n++] = 0x80 | ((cp >> 12) & 0x3f);
          b[n++] = 0x80 | ((cp >> 6) & 0x3f);
          b[n++] = 0x80 | (cp & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      b[n++] = 0xe0 | (c >> 12);
      b[n++] = 0x80 | ((c >> 6) & 0x3f);
      b[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}
