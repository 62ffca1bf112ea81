import type { NormalizedString } from '../normalized-string.js';
import type { Normalizer } from '../normalizer.js';

/** Options of {@link removeControl}. */
export interface RemoveControlOptions {
  /** Keep TAB, LF and CR (default true): they are control characters that carry layout. */
  keepWhitespace?: boolean;
  /** Also remove format characters (General_Category Cf: ZWJ, soft hyphen, BOM, bidi controls). Default false. */
  format?: boolean;
}

/** Removes control characters (General_Category Cc), optionally format characters (Cf) too. */
export class RemoveControl implements Normalizer {
  /** Whether TAB, LF and CR are kept. */
  readonly keepWhitespace: boolean;
  /** Whether format characters are removed too. */
  readonly format: boolean;
  readonly #re: RegExp;

  constructor(options: RemoveControlOptions = {}) {
    this.keepWhitespace = options.keepWhitespace ?? true;
    this.format = options.format ?? false;
    const cls = this.format ? '\\p{Cc}\\p{Cf}' : '\\p{Cc}';
    this.#re = this.keepWhitespace
      ? new RegExp(`(?![\\t\\n\\r])[${cls}]`, 'gu')
      : new RegExp(`[${cls}]`, 'gu');
  }

  /** {@inheritDoc Normalizer.normalize} */
  normalize(text: string): string {
    return text.replace(this.#re, '');
  }

  /** {@inheritDoc Normalizer.normalizeString} */
  normalizeString(s: NormalizedString): NormalizedString {
    return s.replace(this.#re, '');
  }
}

/** Removes control characters (see {@link RemoveControl}). */
export function removeControl(options?: RemoveControlOptions): RemoveControl {
  return new RemoveControl(options);
}
