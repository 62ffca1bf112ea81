import type { Decoder } from './decoder.js';

/** Applies decoders one after the other on the token chain. */
export class SequenceDecoder implements Decoder {
  readonly type = 'Sequence';
  constructor(readonly decoders: Decoder[]) {}
  decodeChain(tokens: string[]): string[] {
    let t = tokens;
    for (const d of this.decoders) t = d.decodeChain(t);
    return t;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Sequence', decoders: this.decoders.map((d) => d.toJSON()) };
  }
}
