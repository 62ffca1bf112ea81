import type { Decoder } from './decoder.js';

/** BPE suffix decoder: the end-of-word suffix (`</w>`) becomes a space, except on the last token. */
export class BPEDecoder implements Decoder {
  readonly type = 'BPEDecoder';
  constructor(readonly suffix = '</w>') {}
  decodeChain(tokens: string[]): string[] {
    const n = tokens.length - 1;
    return tokens.map((t, i) => t.replaceAll(this.suffix, i === n ? '' : ' '));
  }
  toJSON(): Record<string, unknown> {
    return { type: 'BPEDecoder', suffix: this.suffix };
  }
}
