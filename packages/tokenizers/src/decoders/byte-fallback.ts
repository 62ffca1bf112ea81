import type { Decoder } from './decoder.js';

/** Turns runs of `<0xXX>` tokens back into the UTF-8 text they encode (invalid bytes -> U+FFFD each, as HF). */
export class ByteFallbackDecoder implements Decoder {
  readonly type = 'ByteFallback';
  decodeChain(tokens: string[]): string[] {
    const out: string[] = [];
    let pending: number[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      try {
        out.push(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(pending)));
      } catch {
        for (let i = 0; i < pending.length; i++) out.push('\ufffd');
      }
      pending = [];
    };
    for (const t of tokens) {
      const m = /^<0x([0-9A-F]{2})>$/.exec(t);
      if (m !== null) pending.push(parseInt(m[1]!, 16));
      else {
        flush();
        out.push(t);
      }
    }
    flush();
    return out;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'ByteFallback' };
  }
}
