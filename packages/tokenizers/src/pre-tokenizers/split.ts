import { BEHAVIOR_JSON, regexMatches, splitByRanges, type Split, type SplitBehavior } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/** A Split pattern: a literal string or a regex source (HF `{"String": ...}` / `{"Regex": ...}`). */
export type SplitPattern = { string: string } | { regex: string };

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * HF `Split`: splits on a pattern with a delimiter behaviour, optionally inverted (keep the
 * matches). Regexes run as JS `u` regexes; Oniguruma-only syntax is not supported (a clear error
 * at construction names the pattern).
 */
export class SplitPreTokenizer implements PreTokenizer {
  readonly type = 'Split';
  private readonly re: RegExp;
  constructor(
    readonly pattern: SplitPattern,
    readonly behavior: SplitBehavior,
    readonly invert = false,
  ) {
    const src = 'string' in pattern ? escapeRegex(pattern.string) : pattern.regex;
    try {
      this.re = new RegExp(src, 'gu');
    } catch (e) {
      throw new RangeError(`pre_tokenizer Split: pattern ${JSON.stringify(src)} is not a valid JS regex (${(e as Error).message})`);
    }
  }
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      splitByRanges(s, regexMatches(s.text, this.re), this.behavior, this.invert, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    const pattern = 'string' in this.pattern ? { String: this.pattern.string } : { Regex: this.pattern.regex };
    return { type: 'Split', pattern, behavior: BEHAVIOR_JSON[this.behavior], invert: this.invert };
  }
}

/** HF `CharDelimiterSplit`: splits on one character, dropping it. */
export class CharDelimiterSplitPreTokenizer implements PreTokenizer {
  readonly type = 'CharDelimiterSplit';
  constructor(readonly delimiter: string) {}
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      const m: number[] = [];
      for (let i = s.text.indexOf(this.delimiter); i >= 0; i = s.text.indexOf(this.delimiter, i + 1)) m.push(i, i + this.delimiter.length);
      splitByRanges(s, m, 'removed', false, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'CharDelimiterSplit', delimiter: this.delimiter };
  }
}
