import { NormalizeError } from '../errors.js';
import { DoubleArray } from './double-array.js';

/**
 * A parsed SentencePiece `precompiled_charsmap`: `[u32 LE trie byte size][trie units][replacement
 * strings, each ended by a zero byte]`. The trie maps UTF-8 byte strings to byte offsets into the
 * replacement blob. Parsing and lookup follow `spm_precompiled` (used by HF tokenizers) exactly.
 */
export class Charsmap {
  /** The raw bytes, as given (kept so the tokenizer.json can be written back unchanged). */
  readonly bytes: Uint8Array;
  readonly #trie: DoubleArray;
  readonly #blob: Uint8Array;
  readonly #decoded = new Map<number, string>();
  readonly #decoder = new TextDecoder('utf-8');

  /** @throws {@link NormalizeError} when the bytes are too short for the trie size they declare or the replacements are not UTF-8. */
  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) {
      throw new NormalizeError(`precompiled: charsmap must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
    }
    if (bytes.length < 4) {
      throw new NormalizeError(`precompiled: charsmap must hold at least the 4-byte trie size, got ${bytes.length} bytes`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const trieBytes = view.getUint32(0, true);
    const units = Math.floor(trieBytes / 4);
    if (4 + units * 4 > bytes.length) {
      throw new NormalizeError(
        `precompiled: charsmap declares a ${trieBytes}-byte trie but holds only ${bytes.length - 4} bytes after the size`,
      );
    }
    const trie = new Uint32Array(units);
    for (let i = 0; i < units; i++) trie[i] = view.getUint32(4 + 4 * i, true);
    const blob = bytes.subarray(4 + units * 4);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(blob);
    } catch {
      throw new NormalizeError('precompiled: charsmap replacement strings must be valid UTF-8');
    }
    this.bytes = bytes;
    this.#trie = new DoubleArray(trie);
    this.#blob = blob;
  }

  /** Decodes base64 (as stored in tokenizer.json's `precompiled_charsmap`). */
  static fromBase64(text: string): Charsmap {
    if (typeof text !== 'string') throw new NormalizeError(`precompiled: charsmap must be a base64 string, got ${typeof text}`);
    let bin: string;
    try {
      bin = atob(text);
    } catch {
      throw new NormalizeError(`precompiled: charsmap is not valid base64 (length ${text.length})`);
    }
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Charsmap(bytes);
  }

  /** The raw bytes as base64. */
  toBase64(): string {
    let bin = '';
    const b = this.bytes;
    for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
    return btoa(bin);
  }

  /**
   * The replacement for the UTF-8 bytes `key[from..to)`: that of the shortest trie key that is a
   * prefix of them (HF's `Precompiled::transform`), or null when no key is.
   */
  lookup(key: Uint8Array, from: number, to: number): string | null {
    const index = this.#trie.firstPrefixValue(key, from, to);
    if (index < 0) return null;
    let hit = this.#decoded.get(index);
    if (hit === undefined) {
      const blob = this.#blob;
      let end = Math.min(index, blob.length);
      while (end < blob.length && blob[end] !== 0) end++;
      hit = this.#decoder.decode(blob.subarray(Math.min(index, blob.length), end));
      this.#decoded.set(index, hit);
    }
    return hit;
  }
}
