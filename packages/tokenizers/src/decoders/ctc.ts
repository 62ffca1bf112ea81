import type { Decoder } from './decoder.js';
import { cleanupTokenization } from './wordpiece.js';

/**
 * HF `CTC` decoder (wav2vec2-style outputs): collapses runs of the same token, removes the pad
 * token, and with `cleanup` undoes tokenization spacing and turns the word delimiter into a space.
 * Tokens left empty are dropped.
 */
export class CTCDecoder implements Decoder {
  readonly type = 'CTC';
  constructor(
    readonly padToken = '<pad>',
    readonly wordDelimiterToken = '|',
    readonly cleanup = true,
  ) {}

  decodeChain(tokens: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (i > 0 && t === tokens[i - 1]) continue;
      // Rust's `str::replace` with an empty pattern inserts between every character; JS's
      // replaceAll('') does the same, so an empty pad token behaves as in HF.
      let r = t.replaceAll(this.padToken, '');
      if (this.cleanup) r = cleanupTokenization(r).replaceAll(this.wordDelimiterToken, ' ');
      if (r !== '') out.push(r);
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'CTC', pad_token: this.padToken, word_delimiter_token: this.wordDelimiterToken, cleanup: this.cleanup };
  }
}
