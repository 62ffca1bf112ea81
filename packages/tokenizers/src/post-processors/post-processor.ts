import type { Encoding } from '../encoding.js';

/** Adds special tokens / adjusts offsets after the model (HF `PostProcessor`). */
export interface PostProcessor {
  /** HF component type (`TemplateProcessing`, `BertProcessing`, `ByteLevel`, ...). */
  readonly type: string;
  /** How many tokens `process` adds for a single input or a pair (truncation reserves them). */
  addedTokens(isPair: boolean): number;
  /** Combines the sequence encoding(s) into the final one. */
  process(encoding: Encoding, pair: Encoding | null, addSpecialTokens: boolean): Encoding;
  /** The HF tokenizer.json object. */
  toJSON(): Record<string, unknown>;
}

/**
 * HF's default when there is no post-processor: concatenate. The pair already carries type id 1
 * (HF encodes the second sequence with type id 1).
 */
export function defaultProcess(encoding: Encoding, pair: Encoding | null): Encoding {
  if (pair === null) return encoding;
  return encoding.mergeWith(pair);
}
