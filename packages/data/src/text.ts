import { DataFormatError } from './errors.js';

/** Text, or raw bytes that must be valid UTF-8. */
export type TextInput = string | Uint8Array;

/** Options shared by every parser. */
export interface SourceOptions {
  /** Label used in error messages, e.g. the file path (default `'<input>'`). */
  file?: string;
}

/**
 * Splits input into lines (`\n`, `\r\n` or a lone `\r` end a line; a final line break does not
 * start an empty line). Bytes are decoded as strict UTF-8: invalid sequences throw a
 * {@link DataFormatError} naming the line they are on, rather than turning into U+FFFD silently.
 * A leading byte-order mark is dropped.
 */
export function readLines(input: TextInput, file = '<input>'): string[] {
  const text = typeof input === 'string' ? input : decodeUtf8(input, file);
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > 0 && lines[0]!.startsWith('\uFEFF')) lines[0] = lines[0]!.slice(1);
  return lines;
}

/** Decodes strict UTF-8; on failure, finds the first bad line so the error can name it. */
export function decodeUtf8(bytes: Uint8Array, file = '<input>'): string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return decoder.decode(bytes);
  } catch {
    // Slow path only on error: decode line by line (0x0A never occurs inside a UTF-8 sequence).
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          throw new DataFormatError(file, line, `invalid UTF-8 (byte offset ${start}-${i})`);
        }
        line++;
        start = i + 1;
      }
    }
    throw new DataFormatError(file, 0, 'invalid UTF-8');
  }
}

/** Throws a {@link DataFormatError} when a file has no non-blank line. */
export function requireNonEmpty(lines: readonly string[], file: string): void {
  if (!lines.some((l) => l.trim() !== '')) throw new DataFormatError(file, 0, 'file is empty');
}
