import type { Encoding } from '../encoding.js';
import { defaultProcess, type PostProcessor } from './post-processor.js';

const SPACE_CHAR = '\u0120'; // 'Ġ', the byte-level character of ' '

function isSpaceLike(c: string): boolean {
  return c === SPACE_CHAR || /^\s$/u.test(c);
}

/**
 * HF's `process_offsets` for byte-level tokens: offsets exclude leading/trailing spaces of the
 * token, except the single space added by `add_prefix_space` on the first token.
 */
export function trimByteLevelOffsets(enc: Encoding, addPrefixSpace: boolean): void {
  for (let i = 0; i < enc.length; i++) {
    const tok = enc.tokens[i]!;
    const off = enc.offsets[i]!;
    const chars = [...tok];
    let lead = 0;
    while (lead < chars.length && isSpaceLike(chars[lead]!)) lead++;
    let trail = 0;
    while (trail < chars.length && isSpaceLike(chars[chars.length - 1 - trail]!)) trail++;
    if (lead === 0 && trail === 0) continue;
    let [s, e] = off;
    if (lead > 0) {
      const isFirst = i === 0 || s === 0;
      if (isFirst && addPrefixSpace && lead === 1) lead = 0;
      s = Math.min(s + lead, e);
    }
    if (trail > 0 && e >= trail) e = Math.max(e - trail, s);
    enc.offsets[i] = [s, e];
  }
}

/** HF `ByteLevel` post-processor: optional offset trimming, no added tokens. */
export class ByteLevelProcessing implements PostProcessor {
  readonly type = 'ByteLevel';
  constructor(
    readonly trimOffsets = true,
    readonly addPrefixSpace = true,
    readonly useRegex = true,
  ) {}
  addedTokens(): number {
    return 0;
  }
  process(encoding: Encoding, pair: Encoding | null): Encoding {
    if (this.trimOffsets) {
      trimByteLevelOffsets(encoding, this.addPrefixSpace);
      for (const o of encoding.overflowing) trimByteLevelOffsets(o, this.addPrefixSpace);
      if (pair !== null) trimByteLevelOffsets(pair, this.addPrefixSpace);
    }
    return defaultProcess(encoding, pair);
  }
  toJSON(): Record<string, unknown> {
    return { type: 'ByteLevel', add_prefix_space: this.addPrefixSpace, trim_offsets: this.trimOffsets, use_regex: this.useRegex };
  }
}
