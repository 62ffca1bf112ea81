import { SplitPreTokenizer } from '../pre-tokenizers/split.js';
import { WordLevel } from './wordlevel.js';

/**
 * Char-level tokenization, expressed with HF components so its tokenizer.json loads in HF:
 * a `Split` pre-tokenizer isolating every character (regex `[\s\S]`, code-point aware) and a
 * `WordLevel` model over the character vocabulary.
 */
export function charLevelComponents(vocab: Record<string, number> | Map<string, number>, unkToken = '<unk>'): {
  preTokenizer: SplitPreTokenizer;
  model: WordLevel;
} {
  return {
    preTokenizer: new SplitPreTokenizer({ regex: '[\\s\\S]' }, 'isolated'),
    model: new WordLevel(vocab, unkToken),
  };
}
