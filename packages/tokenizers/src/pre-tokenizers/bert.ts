import { isPunctuation, isWhitespace } from '../utils/char-class.js';
import { subSplit, type Split } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/**
 * HF `BertPreTokenizer`: split on whitespace (removed), then isolate each punctuation character
 * (ASCII punctuation/symbols and Unicode P*). Done in one pass over the text, which gives the
 * same pieces as HF's two splitting passes.
 */
export class BertPreTokenizer implements PreTokenizer {
  readonly type = 'BertPreTokenizer';
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      const t = s.text;
      const n = t.length;
      let start = -1; // start of the current word run, -1 when none
      let i = 0;
      while (i < n) {
        const c = t.charCodeAt(i);
        let cp = c;
        let len = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const lo = t.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
            len = 2;
          }
        }
        // ASCII letters/digits are neither space nor punctuation: the common case.
        const plain = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
        if (!plain && (isWhitespace(cp) || isPunctuation(cp))) {
          if (start >= 0) out.push(subSplit(s, start, i));
          start = -1;
          if (!isWhitespace(cp)) out.push(subSplit(s, i, i + len));
        } else if (start < 0) start = i;
        i += len;
      }
      if (start >= 0) out.push(start === 0 ? s : subSplit(s, start, n));
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'BertPreTokenizer' };
  }
}
