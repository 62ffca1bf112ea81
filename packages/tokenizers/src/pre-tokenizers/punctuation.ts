import { isPunctuation } from '../utils/char-class.js';
import { BEHAVIOR_JSON, charMatches, splitByRanges, type Split, type SplitBehavior } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/** HF `Punctuation`: splits on each punctuation character with the given behaviour (default isolated). */
export class PunctuationPreTokenizer implements PreTokenizer {
  readonly type = 'Punctuation';
  constructor(readonly behavior: SplitBehavior = 'isolated') {}
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      splitByRanges(s, charMatches(s.text, isPunctuation), this.behavior, false, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Punctuation', behavior: BEHAVIOR_JSON[this.behavior] };
  }
}
