import { resolved, type PreTokenizer } from './pre-tokenizer.js';
import { subSplit, type Split } from '../split.js';

/** HF `FixedLength`: cuts every piece into chunks of `length` characters (code points); the last may be shorter. */
export class FixedLengthPreTokenizer implements PreTokenizer {
  readonly type = 'FixedLength';

  /** @param length characters per chunk (HF's default 5); a positive integer. */
  constructor(readonly length = 5) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`FixedLengthPreTokenizer: length expected a positive integer, got ${String(length)}`);
    }
  }

  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      const t = s.text;
      let start = 0;
      let count = 0;
      for (let i = 0; i < t.length; ) {
        const c = t.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
        if (++count === this.length) {
          out.push(subSplit(s, start, i));
          start = i;
          count = 0;
        }
      }
      if (start < t.length) out.push(subSplit(s, start, t.length));
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'FixedLength', length: this.length };
  }
}
