import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** One command-line flag: its kind, default, allowed values and help text. */
export interface FlagSpec {
  type: 'string' | 'number' | 'int' | 'boolean' | 'choice';
  help: string;
  /** Value when the flag is absent (none: the flag is optional and reads as undefined). */
  default?: string | number | boolean;
  /** Allowed values of a `choice` flag. */
  choices?: readonly string[];
  /** Smallest allowed value of a number flag. */
  min?: number;
  /** Largest allowed value of a number flag. */
  max?: number;
  /** One-letter alias. */
  short?: string;
}

/** A command's flags by long name. */
export type FlagSpecs = Record<string, FlagSpec>;

/** Parsed flag values: numbers for number/int flags, booleans for boolean flags, else strings. */
export type FlagValues = Record<string, string | number | boolean | undefined>;

/**
 * Parses `argv` against `specs` with node:util's strict `parseArgs`. An unknown flag, a missing
 * value, a number that is not one, or a value outside `choices` throws a {@link UsageError} that
 * names the flag and lists what is valid.
 */
export function parseFlags(command: string, argv: readonly string[], specs: FlagSpecs): { values: FlagValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, s] of Object.entries(specs)) {
    options[name] = { type: s.type === 'boolean' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = (e as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(msg)?.[1];
    const valid = Object.keys(specs).map((n) => `--${n}`).join(', ') || 'none';
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`seqlab ${command}: unknown flag ${flag ?? ''} (valid flags: ${valid})`);
    }
    // "--lr -1": parseArgs takes "-1" for a flag; say how to write it.
    const hint = /ambiguous/.test(msg) && flag ? ` (write ${flag}=VALUE for a value starting with "-")` : '';
    throw new UsageError(`seqlab ${command}: ${msg.split('\n')[0]}${hint}`);
  }
  const values: FlagValues = {};
  for (const [name, s] of Object.entries(specs)) {
    const raw = (parsed.values as Record<string, string | boolean | undefined>)[name];
    values[name] = raw === undefined ? s.default : convert(command, name, s, raw);
  }
  return { values, positionals: parsed.positionals };
}

function convert(command: string, name: string, s: FlagSpec, raw: string | boolean): string | number | boolean {
  if (s.type === 'boolean' || typeof raw === 'boolean') return raw;
  if (s.type === 'choice') {
    if (!s.choices!.includes(raw)) throw new UsageError(`seqlab ${command}: --${name} must be one of ${s.choices!.join(', ')}; got "${raw}"`);
    return raw;
  }
  if (s.type === 'number' || s.type === 'int') {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || (s.type === 'int' && !Number.isInteger(v))) {
      throw new UsageError(`seqlab ${command}: --${name} expects ${s.type === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    if (s.min !== undefined && v < s.min) throw new UsageError(`seqlab ${command}: --${name} must be >= ${s.min}, got ${v}`);
    if (s.max !== undefined && v > s.max) throw new UsageError(`seqlab ${command}: --${name} must be <= ${s.max}, got ${v}`);
    return v;
  }
  return raw;
}

/** Help text for a command's flags, one line each with its default and choices. */
export function formatFlags(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  --${name}${s.type === 'boolean' ? '' : ` <${s.type === 'choice' ? s.choices!.join('|') : s.type === 'string' ? 'value' : s.type}>`}`;
    const def = s.default === undefined ? '' : ` (default: ${s.default})`;
    return [left, `${s.help}${def}`] as const;
  });
  const width = Math.min(44, Math.max(...rows.map(([l]) => l.length)) + 2);
  return rows.map(([l, r]) => (l.length >= width ? `${l}\n${' '.repeat(width)}${r}` : l.padEnd(width) + r)).join('\n');
}

/** Typed readers of parsed values (the spec guarantees the type; these keep call sites short). */
export const get = {
  str: (v: FlagValues, k: string): string | undefined => v[k] as string | undefined,
  num: (v: FlagValues, k: string): number => v[k] as number,
  optNum: (v: FlagValues, k: string): number | undefined => v[k] as number | undefined,
  bool: (v: FlagValues, k: string): boolean => Boolean(v[k]),
};
