import type { Decoder } from './decoder.js';

/** Joins the whole chain into one string (HF `Fuse`). */
export class FuseDecoder implements Decoder {
  readonly type = 'Fuse';
  decodeChain(tokens: string[]): string[] {
    return [tokens.join('')];
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Fuse' };
  }
}
