import { expectNoLeaksAsync } from '@seqlab/core';
import { createDefaultRegistry, loadBundle } from '@seqlab/models';
import { directoryReader } from '@seqlab/models/node';
import { describe, expect, it } from 'vitest';
import { cliTranslate, demoBundleDir } from '../../test/node-reference.js';
import { translate } from './translate.js';

const load = async (name: string) => {
  const b = await loadBundle(directoryReader(demoBundleDir(name)), createDefaultRegistry(), { task: 'translate' });
  b.model.eval();
  return b;
};

describe('translate (the page code, run in Node on cpu)', () => {
  it('equals `seqlab translate` for both demo translators, greedy and beam, and frees every tensor', async () => {
    const cases = [
      ['translate-transformer', 'Ich bin müde.', 1],
      ['translate-transformer', 'Sie ist eine ausgezeichnete Mitarbeiterin.', 3],
      ['translate-rnn', 'Ich bin müde.', 1],
      ['translate-rnn', 'Sie ist eine ausgezeichnete Mitarbeiterin.', 3],
    ] as const;
    // The CLI runs start together (each is mostly process start-up).
    const expected = await Promise.all(cases.map(([name, text, beam]) => cliTranslate(demoBundleDir(name), text, beam, 20)));
    for (const name of ['translate-transformer', 'translate-rnn']) {
      const b = await load(name);
      for (const [i, [, text, beam]] of cases.entries()) {
        if (cases[i]![0] !== name) continue;
        const t = await expectNoLeaksAsync(() => translate(b, text, { method: beam > 1 ? 'beam' : 'greedy', beamWidth: beam, maxLength: 20 }));
        expect(t.text, `${name} "${text}" beam ${beam}`).toBe(expected[i]);
        // One attention row per output token, over the source tokens (EOS included), each a distribution.
        expect(t.sourceTokens.at(-1)).toBe('</s>');
        expect(t.attention).toHaveLength(t.outputTokens.length);
        for (const row of t.attention) {
          expect(row).toHaveLength(t.sourceTokens.length);
          expect(row.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 4);
        }
      }
      b.model.dispose();
    }
  });

  it('the digit-reversal demo bundle reverses', async () => {
    const b = await load('reverse-digits');
    expect((await translate(b, '90417', { method: 'greedy', beamWidth: 1, maxLength: 20 })).text).toBe('71409');
    b.model.dispose();
  });

  it('names bad input', async () => {
    const b = await load('reverse-digits');
    const s = { method: 'greedy', beamWidth: 1, maxLength: 20 } as const;
    await expect(translate(b, '   ', s)).rejects.toThrow('enter a sentence to translate');
    await expect(translate(b, '1'.repeat(16), s)).rejects.toThrow('the input has 16 tokens; this model accepts at most 15 (plus EOS)');
    await expect(translate(b, '12', { ...s, maxLength: 0 })).rejects.toThrow('maxLength must be a positive integer, got 0');
    b.model.dispose();
  });
});
