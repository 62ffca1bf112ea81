/**
 * Errors for bad configuration and bad input. Every message names the component, the field (or
 * argument) and the expected versus actual value, so a broken tokenizer.json is fixable from the
 * message alone.
 */

/** Thrown when a tokenizer component is configured with a missing or invalid field. */
export class TokenizerConfigError extends Error {
  /** The component kind and type, for example `model BPE`. */
  readonly component: string;
  /** The offending field, for example `merges`. */
  readonly field: string;
  constructor(component: string, field: string, expected: string, actual: unknown) {
    super(`${component}: field "${field}" expected ${expected}, got ${describe(actual)}`);
    this.name = 'TokenizerConfigError';
    this.component = component;
    this.field = field;
  }
}

/** Short description of a value for error messages (type plus a clipped preview). */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

/** A JSON object view with typed field readers that throw {@link TokenizerConfigError}. */
export class Fields {
  constructor(
    readonly component: string,
    readonly obj: Record<string, unknown>,
  ) {}

  static of(component: string, value: unknown): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TokenizerConfigError(component, '(self)', 'a JSON object', value);
    }
    return new Fields(component, value as Record<string, unknown>);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined && this.obj[field] !== null;
  }

  raw(field: string): unknown {
    return this.obj[field];
  }

  fail(field: string, expected: string): never {
    throw new TokenizerConfigError(this.component, field, expected, this.obj[field]);
  }

  string(field: string): string {
    const v = this.obj[field];
    if (typeof v !== 'string') this.fail(field, 'a string');
    return v;
  }

  optString(field: string): string | null {
    return this.has(field) ? this.string(field) : null;
  }

  number(field: string): number {
    const v = this.obj[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, 'a finite number');
    return v;
  }

  optNumber(field: string): number | null {
    return this.has(field) ? this.number(field) : null;
  }

  int(field: string): number {
    const v = this.number(field);
    if (!Number.isInteger(v) || v < 0) this.fail(field, 'a non-negative integer');
    return v;
  }

  bool(field: string, dflt?: boolean): boolean {
    const v = this.obj[field];
    if ((v === undefined || v === null) && dflt !== undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(field, 'a boolean');
    return v;
  }

  array(field: string): unknown[] {
    const v = this.obj[field];
    if (!Array.isArray(v)) this.fail(field, 'an array');
    return v;
  }

  object(field: string): Record<string, unknown> {
    const v = this.obj[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(field, 'an object');
    return v as Record<string, unknown>;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], dflt?: T): T {
    const v = this.obj[field];
    if ((v === undefined || v === null) && dflt !== undefined) return dflt;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(field, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    }
    return v as T;
  }
}

/** Throws a RangeError naming the argument when `value` is not a non-negative integer. */
export function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: expected a non-negative integer, got ${describe(value)}`);
  }
}
