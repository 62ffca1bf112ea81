/**
 * BLEU against sacreBLEU's own published test cases. The hypotheses, references and expected
 * scores below are copied from mjpost/sacrebleu (Apache-2.0, Copyright 2017 Amazon.com, Inc. or
 * its affiliates): test/test_bleu.py and test/test_sentence_bleu.py. Tolerances are theirs.
 */
import { describe, expect, it } from 'vitest';
import { computeBleu, corpusBleu, sentenceBleu, type BleuOptions } from './bleu.js';
import { tokenize13a, tokenizeChar, tokenizeIntl } from './sacre-tokenizers.js';

// sacrebleu.raw_corpus_bleu(hyps, refs, smooth_value) = floor smoothing, no tokenisation, effective order.
const raw = (hyps: string[], refs: string[][], smoothValue?: number) =>
  corpusBleu(hyps, refs, { smoothMethod: 'floor', smoothValue, tokenize: 'none', effectiveOrder: true });

// test/test_bleu.py
const EPSILON = 1e-8;
const refs = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('BLEU = sacreBLEU test_bleu.py', () => {
  it.each([
    [['this is a test', 'another test'], [['ref1', 'ref2']], 0.0],
    [['this is a test'], [['this is a test']], 1.0],
    [['this is a fest'], [['this is a test']], 0.223606797749979],
  ])('test_raw_bleu %j', (h, r, expected) => {
    expect(Math.abs(raw(h, r, 0.01).score / 100 - expected)).toBeLessThan(EPSILON);
  });

  it.each<[string[], BleuOptions, number]>([
    [hyps, {}, 48.530827],
    [['', '', ''], {}, 0.0],
    [hyps, { tokenize: 'none' }, 49.1919566],
    [hyps, { tokenize: '13a' }, 48.530827],
    [hyps, { tokenize: 'intl' }, 43.91623493],
    [hyps, { smoothMethod: 'none' }, 48.530827],
  ])('test_corpus_bleu %j %j', (h, opts, expected) => {
    expect(Math.abs(corpusBleu(h, refs, opts).score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [['test'], [['a test']], 0.3678794411714425],
    [['a test'], [['a test']], 1.0],
    [['a little test'], [['a test']], 0.03218297948685433],
  ])('test_effective_order %j', (h, r, expected) => {
    expect(Math.abs(raw(h, r, 0.01).score / 100 - expected)).toBeLessThan(EPSILON);
  });

  it('test_statistics', () => {
    const s = raw(['am I am a character sequence'], [['I am a symbol string sequence a a']], 0.01);
    expect(s.counts).toEqual([4, 2, 1, 0]);
    expect(s.totals).toEqual([6, 5, 4, 3]);
  });

  it('test_scoring', () => {
    expect(Math.abs(computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score / 100 - 0.8375922397)).toBeLessThan(EPSILON);
  });

  it('test_offset', () => {
    const h = ['am I am a character sequence'];
    const r = [['I am a symbol string sequence a a']];
    expect(Math.abs(raw(h, r, 0.0).score / 100 - 0)).toBeLessThan(EPSILON);
    expect(Math.abs(raw(h, r, undefined).score / 100 - 0.1555722182)).toBeLessThan(EPSILON);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('test_degenerate_statistics %j %j %d %d floor=%d', (c, t, sys, ref, offset) => {
    expect(computeBleu(c, t, sys, ref, { smoothMethod: 'floor', smoothValue: offset }).score / 100).toBe(0.0);
  });

  it.each([
    [1, '77.65'],
    [2, '60.50'],
    [3, '53.93'],
    [4, '48.53'],
    [5, '46.14'],
    [6, '43.28'],
  ])('test_max_ngram_order %d', (order, expected) => {
    expect(corpusBleu(hyps, refs, { maxNgramOrder: order }).score.toFixed(2)).toBe(expected);
  });
});

// test/test_sentence_bleu.py (example from sacreBLEU issue #98 and #141)
describe('sentence BLEU = sacreBLEU test_sentence_bleu.py', () => {
  const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
  const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
  const EPS = 1e-3;
  it.each<[BleuOptions['smoothMethod'], number | undefined, boolean, BleuOptions['tokenize'], number]>([
    ['exp', undefined, false, '13a', 8.493],
    ['none', undefined, false, '13a', 0.0],
    ['floor', undefined, false, '13a', 4.51688],
    ['floor', 0.1, false, '13a', 4.51688],
    ['floor', 0.5, false, '13a', 10.1],
    ['add-k', undefined, false, '13a', 14.882],
    ['add-k', 1, false, '13a', 14.882],
    ['add-k', 2, false, '13a', 21.389],
    ['exp', undefined, false, 'none', 7.347],
    ['exp', undefined, false, 'intl', 8.493],
    ['exp', undefined, false, 'char', 40.8759],
    ['exp', undefined, true, 'char', 42.0267],
  ])('smooth %s value %s lowercase %s tokenize %s', (smoothMethod, smoothValue, lowercase, tokenize, expected) => {
    const s = sentenceBleu(SYS, [REF], { smoothMethod, smoothValue, lowercase, tokenize, effectiveOrder: true });
    expect(Math.abs(s.score - expected)).toBeLessThan(EPS);
  });

  it.each<[BleuOptions['smoothMethod'], number | undefined]>([
    ['exp', undefined],
    ['none', undefined],
    ['floor', undefined],
    ['floor', 0.1],
    ['add-k', undefined],
    ['add-k', 1],
  ])('zero BLEU with %s %s', (smoothMethod, smoothValue) => {
    expect(sentenceBleu('this is a cat', ['okay thanks'], { smoothMethod, smoothValue }).score).toBe(0);
  });
});

describe('tokenizers and arguments', () => {
  it('13a splits punctuation but keeps numbers, decodes entities', () => {
    expect(tokenize13a("It wasn't 1,000.5 &amp; 3-4.")).toBe("It wasn't 1,000.5 & 3 - 4 .");
    expect(tokenizeIntl('Hello, world! 1,000.5 €')).toBe('Hello , world ! 1,000.5 €');
    expect(tokenizeChar('a😀b')).toBe('a 😀 b');
  });
  it('names bad arguments', () => {
    expect(() => corpusBleu(['a'], [['a', 'b']])).toThrow(/reference stream 0 has 2 segments, expected 1/);
    expect(() => corpusBleu(['a'], [['a']], { tokenize: 'zh' as never })).toThrow(/tokenize must be/);
    expect(() => sentenceBleu('a', [])).toThrow(/references must be a non-empty array/);
  });
});
