import { resolved } from '../pre-tokenizers/pre-tokenizer.js';
import type { Split } from '../split.js';
import { MapVocabModel, vocabToJSON, type Model, type TokenSink } from './model.js';

/** Word-level model: each pre-tokenized word is one token, or the unk token when unknown. */
export class WordLevel extends MapVocabModel implements Model {
  readonly type = 'WordLevel';
  readonly supportsByteLevel = false;
  constructor(
    vocab: Record<string, number> | Map<string, number>,
    readonly unkToken: string = '<unk>',
  ) {
    super('model WordLevel', vocab);
  }
  tokenize(split: Split, out: TokenSink): void {
    const text = resolved(split).text;
    if (text.length === 0) return;
    const id = this.vocab.get(text) ?? this.vocab.get(this.unkToken);
    if (id === undefined) {
      throw new RangeError(`model WordLevel: word ${JSON.stringify(text.slice(0, 40))} is unknown and unk_token ${JSON.stringify(this.unkToken)} is not in the vocab`);
    }
    out.push(id, 0, text.length);
  }
  toJSON(): Record<string, unknown> {
    return { type: 'WordLevel', vocab: vocabToJSON(this.vocab), unk_token: this.unkToken };
  }
}
