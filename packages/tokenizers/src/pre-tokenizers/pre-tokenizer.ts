import type { Split } from '../split.js';

/**
 * A pre-tokenizer cuts normalised text into pieces ("words") that the model tokenizes
 * independently; offsets are carried in each {@link Split}.
 */
export interface PreTokenizer {
  /** HF component type, as written in tokenizer.json (`ByteLevel`, `Whitespace`, ...). */
  readonly type: string;
  /** Splits every piece of `splits` further, returning the new list. */
  preTokenize(splits: Split[]): Split[];
  /** The HF tokenizer.json object for this pre-tokenizer. */
  toJSON(): Record<string, unknown>;
}

/** Convenience: pre-tokenizes a plain string and returns `[piece, [start, end]]` pairs. */
export function preTokenizeString(pt: PreTokenizer, text: string): Array<[string, [number, number]]> {
  const out: Array<[string, [number, number]]> = [];
  for (const s of pt.preTokenize([{ text, align: null, start: 0, byteLevel: false, prefixSpace: 0 }])) {
    const m = s.byteLevel ? materializedView(s) : s;
    const n = m.text.length;
    const a = m.align === null ? m.start : m.align[0]!;
    const b = m.align === null ? m.start + n : m.align[2 * n - 1]!;
    out.push([m.text, [n === 0 ? a : a, n === 0 ? a : b]]);
  }
  return out;
}

let materialize: ((s: Split) => Split) | null = null;
/** Registered by the byte-level module to avoid an import cycle. */
export function registerByteLevelMaterializer(fn: (s: Split) => Split): void {
  materialize = fn;
}
function materializedView(s: Split): Split {
  return materialize === null ? s : materialize(s);
}

/** Returns `s` with any pending byte-level mapping applied (see `Split.byteLevel`). */
export function resolved(s: Split): Split {
  return s.byteLevel && materialize !== null ? materialize(s) : s;
}
