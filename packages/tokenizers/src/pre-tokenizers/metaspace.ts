import { alignmentOf, splitByRanges, type Split } from '../split.js';
import { resolved, type PreTokenizer } from './pre-tokenizer.js';

/** When Metaspace adds a leading replacement character. */
export type PrependScheme = 'always' | 'first' | 'never';

/**
 * HF `Metaspace` (SentencePiece style): spaces become `▁`, a `▁` is prepended (per the scheme),
 * and the text is split before each `▁` when `split`.
 */
export class MetaspacePreTokenizer implements PreTokenizer {
  readonly type = 'Metaspace';
  constructor(
    readonly replacement = '\u2581',
    readonly prependScheme: PrependScheme = 'always',
    readonly split = true,
  ) {
    if ([...replacement].length !== 1) throw new RangeError(`pre_tokenizer Metaspace: replacement expected one character, got ${JSON.stringify(replacement)}`);
  }
  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s0 = resolved(raw);
      if (s0.text.length === 0) continue;
      const rep = this.replacement;
      // ' ' -> replacement keeps the alignment when both are one UTF-16 unit (the usual '▁').
      const text = rep.length === 1 ? s0.text.replaceAll(' ', rep) : s0.text;
      let s: Split = { ...s0, text };
      const firstOffset = s0.align === null ? s0.start : s0.align[0]!;
      const prepend = !text.startsWith(rep) && (this.prependScheme === 'always' || (this.prependScheme === 'first' && firstOffset === 0));
      if (prepend) {
        const a = alignmentOf(s);
        const firstLen = (text.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
        const al = new Int32Array(a.length + 2 * rep.length);
        for (let k = 0; k < rep.length; k++) {
          al[2 * k] = a[0]!;
          al[2 * k + 1] = a[2 * firstLen - 1]!;
        }
        al.set(a, 2 * rep.length);
        s = { text: rep + text, align: al, start: 0, byteLevel: false, prefixSpace: 0 };
      }
      if (!this.split) {
        out.push(s);
        continue;
      }
      const m: number[] = [];
      for (let i = s.text.indexOf(rep); i >= 0; i = s.text.indexOf(rep, i + rep.length)) m.push(i, i + rep.length);
      splitByRanges(s, m, 'mergedWithNext', false, out);
    }
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Metaspace', replacement: this.replacement, prepend_scheme: this.prependScheme, split: this.split };
  }
}
