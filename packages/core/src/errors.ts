/** Errors with a stable `name`, so callers can tell them apart without parsing messages. */

/** Formats a shape as PyTorch prints it: `[2, 3]`; `null` entries mean "any size". */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '*' : String(d))).join(', ')}]`;
}

/** A tensor argument has the wrong rank, size or dtype. Names the argument and both shapes. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(
    /** The argument that was wrong, e.g. `input` or `hx`. */
    readonly argument: string,
    /** What was expected; `null` dims accept any size. */
    readonly expected: readonly (number | null)[] | string,
    /** What was given. */
    readonly actual: readonly number[] | string,
    context?: string,
  ) {
    const exp = typeof expected === 'string' ? expected : formatShape(expected);
    const act = typeof actual === 'string' ? actual : formatShape(actual);
    super(`${context ? `${context}: ` : ''}${argument} must have shape ${exp}, got ${act}`);
  }
}

/** An argument has a value outside its valid range (an id past the vocabulary, a negative length). */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}
