import { CHAR_TO_BYTE } from '../utils/bytes-to-unicode.js';
import type { Decoder } from './decoder.js';

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Byte-level decoder: maps each byte character back to its byte and decodes the whole chain as
 * UTF-8, invalid sequences becoming U+FFFD (Rust `from_utf8_lossy`, same replacement rule). A
 * token containing a character outside the byte alphabet (an added token) passes as its UTF-8.
 */
export class ByteLevelDecoder implements Decoder {
  readonly type = 'ByteLevel';
  decodeChain(tokens: string[]): string[] {
    const bytes: number[] = [];
    const enc = new TextEncoder();
    for (const t of tokens) {
      const start = bytes.length;
      let ok = true;
      for (let i = 0; i < t.length; i++) {
        const b = CHAR_TO_BYTE.get(t[i]!);
        if (b === undefined) {
          ok = false;
          break;
        }
        bytes.push(b);
      }
      if (!ok) {
        bytes.length = start;
        for (const b of enc.encode(t)) bytes.push(b);
      }
    }
    return [utf8.decode(Uint8Array.from(bytes))];
  }
  toJSON(): Record<string, unknown> {
    return { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
  }
}
