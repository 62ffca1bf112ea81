import type { Split } from '../split.js';
import type { PreTokenizer } from './pre-tokenizer.js';

/** Applies pre-tokenizers one after the other. */
export class SequencePreTokenizer implements PreTokenizer {
  readonly type = 'Sequence';
  constructor(readonly preTokenizers: PreTokenizer[]) {}
  preTokenize(splits: Split[]): Split[] {
    let s = splits;
    for (const p of this.preTokenizers) s = p.preTokenize(s);
    return s;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Sequence', pretokenizers: this.preTokenizers.map((p) => p.toJSON()) };
  }
}
