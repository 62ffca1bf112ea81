import { NormalizeError } from '../errors.js';
import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

/** Applies normalisers one after the other. */
export class Sequence implements Normalizer {
  /** The normalisers, in order. */
  readonly normalizers: readonly Normalizer[];

  constructor(normalizers: readonly Normalizer[]) {
    if (!Array.isArray(normalizers)) {
      throw new NormalizeError(`sequence: normalizers must be an array, got ${typeof normalizers}`);
    }
    normalizers.forEach((n, i) => {
      if (n === null || typeof n !== 'object' || typeof n.normalize !== 'function' || typeof n.normalizeString !== 'function') {
        throw new NormalizeError(`sequence: normalizers[${i}] must implement normalize and normalizeString`);
      }
    });
    this.normalizers = [...normalizers];
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    let t = text;
    for (const n of this.normalizers) t = n.normalize(t);
    return t;
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    let t = s;
    for (const n of this.normalizers) t = n.normalizeString(t);
    return t;
  }
}

/** Composes normalisers left to right (see {@link Sequence}). */
export function sequence(normalizers: readonly Normalizer[]): Sequence {
  return new Sequence(normalizers);
}
