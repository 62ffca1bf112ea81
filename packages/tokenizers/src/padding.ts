import type { Encoding } from './encoding.js';

/** Padding settings (HF `PaddingParams`). */
export interface PaddingOptions {
  /** A fixed length, or `null`/absent for the longest in the batch. */
  length?: number | null;
  /** Round the target length up to a multiple of this. */
  padToMultipleOf?: number | null;
  /** Pad on the `right` (default) or `left`. */
  direction?: 'right' | 'left';
  /** Default 0. */
  padId?: number;
  /** Default 0. */
  padTypeId?: number;
  /** Default `[PAD]`. */
  padToken?: string;
}

/** Pads a batch in place (HF `pad_encodings`). */
export function padEncodings(encs: Encoding[], p: PaddingOptions): void {
  if (encs.length === 0) return;
  let target = p.length ?? Math.max(...encs.map((e) => e.length));
  const m = p.padToMultipleOf ?? null;
  if (m !== null && m > 0 && target % m !== 0) target += m - (target % m);
  for (const e of encs) e.pad(target, p.padId ?? 0, p.padTypeId ?? 0, p.padToken ?? '[PAD]', p.direction ?? 'right');
}
