/**
 * Malformed input data. Names the file (as the caller labelled it) and the 1-based line, so a
 * user can open the file at the broken line.
 */
export class DataFormatError extends Error {
  override readonly name = 'DataFormatError';
  constructor(
    /** The file label passed to the parser (`'<input>'` when none was given). */
    readonly file: string,
    /** 1-based line number, or 0 when the problem is the file as a whole (empty file). */
    readonly line: number,
    /** What is wrong, without the location. */
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
  }
}
