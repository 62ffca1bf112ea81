import type { Decoder } from './decoder.js';
import type { PrependScheme } from '../pre-tokenizers/metaspace.js';

/** Metaspace decoder: `▁` back to spaces; in the first token it is dropped unless prepend is `never`. */
export class MetaspaceDecoder implements Decoder {
  readonly type = 'Metaspace';
  constructor(
    readonly replacement = '\u2581',
    readonly prependScheme: PrependScheme = 'always',
    readonly split = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let s = '';
      for (const c of t) {
        if (c === this.replacement) {
          if (!(i === 0 && this.prependScheme !== 'never')) s += ' ';
        } else s += c;
      }
      return s;
    });
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Metaspace', replacement: this.replacement, prepend_scheme: this.prependScheme, split: this.split };
  }
}
