import type { Decoder } from './decoder.js';

/** Strips `start` leading and `stop` trailing occurrences of `content` from each token (HF `Strip`). */
export class StripDecoder implements Decoder {
  readonly type = 'Strip';
  constructor(
    readonly content: string,
    readonly start: number,
    readonly stop: number,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => {
      const chars = [...t];
      let a = 0;
      for (let i = 0; i < this.start && a < chars.length && chars[a] === this.content; i++) a++;
      let b = chars.length;
      for (let i = 0; i < this.stop && b > a && chars[b - 1] === this.content; i++) b--;
      return chars.slice(a, b).join('');
    });
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Strip', content: this.content, start: this.start, stop: this.stop };
  }
}
