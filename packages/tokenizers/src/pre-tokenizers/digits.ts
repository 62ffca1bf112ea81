import { isNumeric } from '../utils/char-class.js';
import { charMatches, splitByRanges, type Split } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/** HF `Digits`: isolates runs of numeric characters, or each one when `individualDigits`. */
export class DigitsPreTokenizer implements PreTokenizer {
  readonly type = 'Digits';
  constructor(readonly individualDigits = false) {}
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      splitByRanges(s, charMatches(s.text, isNumeric), this.individualDigits ? 'isolated' : 'contiguous', false, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Digits', individual_digits: this.individualDigits };
  }
}
