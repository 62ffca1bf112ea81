import { describe, expect, it } from 'vitest';
import { BPE, ByteLevelDecoder, ByteLevelPreTokenizer, BpeTrainer, Tokenizer, WhitespacePreTokenizer } from './index.js';
import { gpt2Files } from './test-support/corpus.js';

describe('README examples', () => {
  it('GPT-2 from the original files', () => {
    const { encoder, vocabBpe } = gpt2Files();
    const gpt2 = new Tokenizer(BPE.fromGpt2Files(encoder, vocabBpe));
    gpt2.preTokenizer = new ByteLevelPreTokenizer({ addPrefixSpace: false });
    gpt2.decoder = new ByteLevelDecoder();
    expect(gpt2.encode('Hello world').ids).toEqual([15496, 995]);
    expect(gpt2.decode([15496, 995])).toBe('Hello world');
  });

  it('training from an async iterable, then JSON round trip', async () => {
    async function* lines(): AsyncGenerator<string> {
      for (let i = 0; i < 50; i++) yield `the cat sat on the mat ${i % 7}`;
    }
    const tok = new Tokenizer(new BPE({}, []));
    tok.preTokenizer = new WhitespacePreTokenizer();
    await tok.train(lines(), new BpeTrainer({ vocabSize: 40, minFrequency: 2, specialTokens: ['<pad>', '<unk>'] }));
    expect(tok.tokenToId('<pad>')).toBe(0);
    expect(tok.encode('the cat').tokens).toEqual(['the', 'cat']);
    const back = Tokenizer.fromJSON(JSON.stringify(tok));
    expect(back.encode('the mat sat').ids).toEqual(tok.encode('the mat sat').ids);
  });
});
