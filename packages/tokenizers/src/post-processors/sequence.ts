import type { Encoding } from '../encoding.js';
import type { PostProcessor } from './post-processor.js';
import { defaultProcess } from './post-processor.js';

/** HF `Sequence` of post-processors: each sees the previous one's output. */
export class SequenceProcessing implements PostProcessor {
  readonly type = 'Sequence';
  constructor(readonly processors: PostProcessor[]) {}
  addedTokens(isPair: boolean): number {
    return this.processors.reduce((n, p) => n + p.addedTokens(isPair), 0);
  }
  process(encoding: Encoding, pair: Encoding | null, addSpecialTokens: boolean): Encoding {
    if (this.processors.length === 0) return defaultProcess(encoding, pair);
    let enc = encoding;
    let pr = pair;
    for (const p of this.processors) {
      enc = p.process(enc, pr, addSpecialTokens);
      pr = null;
    }
    return enc;
  }
  toJSON(): Record<string, unknown> {
    return { type: 'Sequence', processors: this.processors.map((p) => p.toJSON()) };
  }
}
