// Input checks shared by the spec builders: each error names the function, the argument path
// and what was expected, so a bad call fails at the call rather than as a blank or broken chart.

/** Throws unless `value` is a finite number; `path` names it (`train[3].loss`). */
export function finite(fn: string, path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${fn}: ${path} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is an array (optionally non-empty). */
export function array<T>(fn: string, path: string, value: unknown, nonEmpty = true): T[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${path} must be an array, got ${describe(value)}`);
  if (nonEmpty && value.length === 0) throw new RangeError(`${fn}: ${path} must not be empty`);
  return value as T[];
}

/** Throws unless every entry of `value` is a string. */
export function strings(fn: string, path: string, value: unknown): string[] {
  const list = array<unknown>(fn, path, value);
  list.forEach((s, i) => {
    if (typeof s !== 'string') throw new TypeError(`${fn}: ${path}[${i}] must be a string, got ${describe(s)}`);
  });
  return list as string[];
}

/** Throws unless `matrix` is `rows` x `cols` finite numbers; returns it typed. */
export function matrix(fn: string, path: string, value: unknown, rows: number, cols: number): number[][] {
  const m = array<unknown>(fn, path, value);
  if (m.length !== rows) throw new RangeError(`${fn}: ${path} must have ${rows} rows, got ${m.length}`);
  m.forEach((row, i) => {
    const r = array<unknown>(fn, `${path}[${i}]`, row);
    if (r.length !== cols) throw new RangeError(`${fn}: ${path}[${i}] must have ${cols} columns, got ${r.length}`);
    r.forEach((v, j) => finite(fn, `${path}[${i}][${j}]`, v));
  });
  return m as number[][];
}

/** Throws unless `value` is undefined or a positive finite number. */
export function positive(fn: string, path: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (finite(fn, path, value) <= 0) throw new RangeError(`${fn}: ${path} must be positive, got ${value}`);
  return value as number;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}
