/**
 * chrF against sacreBLEU's published test cases, copied from mjpost/sacrebleu test/test_chrf.py
 * (Apache-2.0, Copyright 2017 Amazon.com, Inc. or its affiliates), with its tolerance (1e-4).
 */
import { describe, expect, it } from 'vitest';
import { corpusChrf, sentenceChrf } from './chrf.js';

const EPSILON = 1e-4;

describe('chrF = sacreBLEU test_chrf.py', () => {
  it.each([
    ['Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.', ['Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.'], 39.14078509],
    ['Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.', ['A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.'], 31.22557079],
    ['Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.', ['Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.'], 57.15704367],
  ])('test_chrf_sentence_level %#', (hyp, refs, expected) => {
    expect(Math.abs(sentenceChrf(hyp, refs, { epsSmoothing: true }).score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [['abcdefg'], ['hijklmnop'], 0.0],
    [['a'], ['b'], 0.0],
    [[''], ['b'], 0.0],
    [[''], ['ref'], 0.0],
    [[''], ['reference'], 0.0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50.0],
    [['a b c'], ['abc'], 50.0],
    [[' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'], 63.36173],
    [[' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'], 64.1302698],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100.0],
  ])('test_chrf %j', (h, r, expected) => {
    const s = corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: true });
    expect(Math.abs(s.score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [['a'], ['a'], 100.0],
    [[''], ['reference'], 0.0],
    [['a b c'], ['a b c'], 100.0],
    [['a b c'], ['abc'], 100.0],
    [[''], ['c'], 0.0],
    [['a', 'b'], ['a', 'c'], 50.0],
    [['aa'], ['ab'], 25.0],
  ])('test_chrf_eff_order %j', (h, r, expected) => {
    const s = corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: false });
    expect(Math.abs(s.score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'], ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'], 67.3481606],
    [['risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'], 65.2414427],
  ])('test_chrf_keep_whitespace %#', (h, r, expected) => {
    const s = corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, whitespace: true });
    expect(Math.abs(s.score - expected)).toBeLessThan(EPSILON);
  });
});

describe('chrF++ and defaults', () => {
  // sacreBLEU's suite has no chrF++ case. These values were computed by running sacreBLEU's own
  // source (mjpost/sacrebleu at commit f615c72, CHRF class, default arguments except those shown).
  const refs = [
    ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
  ];
  const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
  it('chrF2 and chrF2++ of the README example, multiple references', () => {
    expect(corpusChrf(hyps, refs).score).toBeCloseTo(59.72751782684763, 9);
    const pp = corpusChrf(hyps, refs, { wordOrder: 2 });
    expect(pp.name).toBe('chrF2++');
    expect(pp.score).toBeCloseTo(59.15310444399262, 9);
  });
  it('chrF++ punctuation splitting and lowercase', () => {
    const s = sentenceChrf('(Hi) there, World!', ['hi there world.', 'Hello (there) world!'], { wordOrder: 2, lowercase: true });
    expect(s.score).toBeCloseTo(40.674088926502336, 9);
  });
  it('names bad arguments', () => {
    expect(() => corpusChrf(['a'], [['a', 'b']])).toThrow(/reference stream 0 has 2 segments, expected 1/);
    expect(() => corpusChrf(['a'], [['a']], { beta: 0 })).toThrow(/beta must be positive, got 0/);
  });
});
