import type { Decoder } from './decoder.js';

/** Replaces a literal pattern in each token (HF `Replace` with a String pattern). */
export class ReplaceDecoder implements Decoder {
  readonly type = 'Replace';
  constructor(
    readonly pattern: string,
    readonly content: string,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => t.replaceAll(this.pattern, this.content));
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Replace', pattern: { String: this.pattern }, content: this.content };
  }
}
