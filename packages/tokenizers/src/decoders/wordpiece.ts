import type { Decoder } from './decoder.js';

/** HF's `cleanup`: undo the spaces a word tokenizer puts before punctuation and contractions. */
export function cleanupTokenization(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/** WordPiece decoder: joins continuation pieces (`##x`) to the previous token, spaces elsewhere. */
export class WordPieceDecoder implements Decoder {
  readonly type = 'WordPiece';
  constructor(
    readonly prefix = '##',
    readonly cleanup = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let s = t;
      if (i !== 0) s = s.startsWith(this.prefix) ? s.replace(this.prefix, '') : ` ${s}`;
      return this.cleanup ? cleanupTokenization(s) : s;
    });
  }
  toJSON(): Record<string, unknown> {
    return { type: 'WordPiece', prefix: this.prefix, cleanup: this.cleanup };
  }
}
