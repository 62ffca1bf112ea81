/**
 * A decoder turns tokens back into text. As in HF, decoders work on a chain of token strings
 * (`decodeChain`) so that they compose in a `Sequence`; the final text is the chain joined.
 */
export interface Decoder {
  /** HF component type (`ByteLevel`, `WordPiece`, ...). */
  readonly type: string;
  /** Transforms the token chain. */
  decodeChain(tokens: string[]): string[];
  /** The HF tokenizer.json object. */
  toJSON(): Record<string, unknown>;
}

/** Decodes tokens to a string with a decoder: its chain, joined. */
export function decodeWith(decoder: Decoder, tokens: string[]): string {
  return decoder.decodeChain(tokens).join('');
}
