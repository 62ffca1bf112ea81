import { isWhitespace } from '../utils/char-class.js';
import { charMatches, splitByRanges, type Split } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/** HF `WhitespaceSplit`: splits on Unicode White_Space, dropping it. */
export class WhitespaceSplitPreTokenizer implements PreTokenizer {
  readonly type = 'WhitespaceSplit';
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      splitByRanges(s, charMatches(s.text, isWhitespace), 'removed', false, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'WhitespaceSplit' };
  }
}
