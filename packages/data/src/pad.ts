import { ValueError } from '@seqlab/core';

/** A padded batch on the host: row-major `[batch, time]` ids, lengths and a 0/1 mask. */
export interface PaddedBatch {
  /** `batch × time` ids, row-major; padding positions hold `padId`. */
  ids: Int32Array;
  /** `[batch, time]`. */
  shape: [number, number];
  /** Length of each sequence (after truncation). */
  lengths: Int32Array;
  /** 1 where `ids` is a real token, 0 at padding; same layout as `ids`. */
  mask: Uint8Array;
}

/** Options of {@link padBatch}. */
export interface PadOptions {
  /** Id written at padding positions (default 0). */
  padId?: number;
  /** Pad on the right (default) or the left (for decoder-only prompts). */
  side?: 'right' | 'left';
  /** Truncate sequences longer than this (default: no limit). */
  maxLength?: number;
  /** Round the time dimension up to a multiple of this (default 1), for kernels that like it. */
  padToMultipleOf?: number;
}

/**
 * Pads id sequences to a common length: `time` is the longest sequence (after `maxLength`),
 * rounded up to `padToMultipleOf`. Every id must be an integer; an empty batch throws.
 */
export function padBatch(seqs: readonly (readonly number[] | Int32Array)[], opts: PadOptions = {}): PaddedBatch {
  if (seqs.length === 0) throw new ValueError('padBatch: seqs is empty (expected at least one sequence)');
  const padId = opts.padId ?? 0;
  if (!Number.isInteger(padId)) throw new ValueError(`padBatch: padId must be an integer, got ${padId}`);
  const maxLen = opts.maxLength ?? Infinity;
  if (!(maxLen > 0)) throw new ValueError(`padBatch: maxLength must be positive, got ${maxLen}`);
  const mult = opts.padToMultipleOf ?? 1;
  if (!(Number.isInteger(mult) && mult > 0)) throw new ValueError(`padBatch: padToMultipleOf must be a positive integer, got ${mult}`);
  const lengths = Int32Array.from(seqs, (s) => Math.min(s.length, maxLen));
  let time = Math.max(...lengths);
  time = Math.max(mult, Math.ceil(time / mult) * mult);
  const b = seqs.length;
  const ids = new Int32Array(b * time).fill(padId);
  const mask = new Uint8Array(b * time);
  const left = opts.side === 'left';
  seqs.forEach((s, r) => {
    const len = lengths[r]!;
    const offset = r * time + (left ? time - len : 0);
    for (let t = 0; t < len; t++) {
      const id = s[t]!;
      if (!Number.isInteger(id)) throw new ValueError(`padBatch: seqs[${r}][${t}] must be an integer id, got ${id}`);
      ids[offset + t] = id;
      mask[offset + t] = 1;
    }
  });
  return { ids, shape: [b, time], lengths, mask };
}
