import type { Encoding } from '../encoding.js';
import type { PostProcessor } from './post-processor.js';
import { TemplateProcessing } from './template.js';

/** HF `BertProcessing`: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]` with type ids 0/1. */
export class BertProcessing implements PostProcessor {
  readonly type = 'BertProcessing';
  private readonly template: TemplateProcessing;
  constructor(
    readonly sep: [string, number],
    readonly cls: [string, number],
  ) {
    this.template = new TemplateProcessing(`${cls[0]} $A ${sep[0]}`, `${cls[0]} $A ${sep[0]} $B:1 ${sep[0]}:1`, [cls, sep]);
  }
  addedTokens(isPair: boolean): number {
    return this.template.addedTokens(isPair);
  }
  process(encoding: Encoding, pair: Encoding | null, addSpecialTokens: boolean): Encoding {
    return this.template.process(encoding, pair, addSpecialTokens);
  }
  toJSON(): Record<string, unknown> {
    return { type: 'BertProcessing', sep: this.sep, cls: this.cls };
  }
}
