import { Tokenizer, WordLevel } from '@seqlab/tokenizers';
import { describe, expect, it } from 'vitest';
import { specialIds } from './tokens.js';

const tok = (words: string[]) => {
  const t = new Tokenizer(new WordLevel(Object.fromEntries(words.map((w, i) => [w, i])), words.includes('<unk>') ? '<unk>' : words[0]!));
  t.addSpecialTokens(words.filter((w) => w.startsWith('<')));
  return t;
};

describe('specialIds', () => {
  it("finds the trainer's and the common spellings", () => {
    expect(specialIds(tok(['<pad>', '<unk>', '<s>', '</s>', 'a']))).toEqual({ pad: 0, bos: 2, eos: 3 });
    expect(specialIds(tok(['<unk>', '<bos>', '<eos>', '<pad>']))).toEqual({ pad: 3, bos: 1, eos: 2 });
  });
  it('names the missing token and the spellings looked for', () => {
    expect(() => specialIds(tok(['<pad>', '<unk>', '<s>', 'a']))).toThrow('the tokenizer has no eos token (looked for <eos>, </s>, [EOS], <EOS>)');
  });
});
