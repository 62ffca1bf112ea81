import { isWhitespace, isWordChar } from '../utils/char-class.js';
import { splitByRanges, type Split } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/** Ranges of the regex `\w+|[^\w\s]+` (Oniguruma Unicode classes). */
function wordRuns(text: string): number[] {
  const m: number[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if (isWhitespace(cp)) {
      i += len;
      continue;
    }
    const word = isWordChar(cp);
    const a = i;
    i += len;
    while (i < text.length) {
      const c = text.codePointAt(i)!;
      if (isWhitespace(c) || isWordChar(c) !== word) break;
      i += c > 0xffff ? 2 : 1;
    }
    m.push(a, i);
  }
  return m;
}

/** HF `Whitespace`: keeps runs of word characters and runs of other non-space characters. */
export class WhitespacePreTokenizer implements PreTokenizer {
  readonly type = 'Whitespace';
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      splitByRanges(s, wordRuns(s.text), 'removed', true, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Whitespace' };
  }
}
