import { ByteLevelDecoder } from '../decoders/byte-level.js';
import { BPE } from '../models/bpe.js';
import { ByteLevelProcessing } from '../post-processors/byte-level.js';
import { ByteLevelPreTokenizer } from '../pre-tokenizers/byte-level.js';
import { Tokenizer } from '../tokenizer.js';
import { gpt2Files } from './corpus.js';

/** GPT-2 as HF's `gpt2` tokenizer.json configures it, built from the original OpenAI files. */
export function gpt2Tokenizer(): Tokenizer {
  const { encoder, vocabBpe } = gpt2Files();
  const tok = new Tokenizer(BPE.fromGpt2Files(encoder, vocabBpe));
  tok.preTokenizer = new ByteLevelPreTokenizer({ addPrefixSpace: false, trimOffsets: true });
  tok.postProcessor = new ByteLevelProcessing(false, true, true);
  tok.decoder = new ByteLevelDecoder();
  tok.addSpecialTokens(['<|endoftext|>']);
  return tok;
}
