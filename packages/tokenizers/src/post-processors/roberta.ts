import type { Encoding } from '../encoding.js';
import { trimByteLevelOffsets } from './byte-level.js';
import type { PostProcessor } from './post-processor.js';
import { TemplateProcessing } from './template.js';

/** HF `RobertaProcessing`: `<s> A </s>` / `<s> A </s></s> B </s>`, all type ids 0, byte-level offset trimming. */
export class RobertaProcessing implements PostProcessor {
  readonly type = 'RobertaProcessing';
  private readonly template: TemplateProcessing;
  constructor(
    readonly sep: [string, number],
    readonly cls: [string, number],
    readonly trimOffsets = true,
    readonly addPrefixSpace = true,
  ) {
    this.template = new TemplateProcessing(`${cls[0]} $A ${sep[0]}`, `${cls[0]} $A ${sep[0]} ${sep[0]} $B ${sep[0]}`, [cls, sep]);
  }
  addedTokens(isPair: boolean): number {
    return this.template.addedTokens(isPair);
  }
  process(encoding: Encoding, pair: Encoding | null, addSpecialTokens: boolean): Encoding {
    if (this.trimOffsets) {
      trimByteLevelOffsets(encoding, this.addPrefixSpace);
      if (pair !== null) trimByteLevelOffsets(pair, this.addPrefixSpace);
    }
    if (addSpecialTokens && pair !== null) pair.setTypeIds(0);
    return this.template.process(encoding, pair, addSpecialTokens);
  }
  toJSON(): Record<string, unknown> {
    return { type: 'RobertaProcessing', sep: this.sep, cls: this.cls, trim_offsets: this.trimOffsets, add_prefix_space: this.addPrefixSpace };
  }
}
