import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { accuracy, accuracyFromLogits, perplexity } from './classification.js';
import { charErrorRate, editDistance, wordErrorRate } from './edit-distance.js';

describe('edit distance, WER, CER', () => {
  it('Levenshtein on classic pairs', () => {
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    expect(editDistance([...'flaw'], [...'lawn'])).toBe(2);
    expect(editDistance([], [1, 2, 3])).toBe(3);
    expect(editDistance([1, 2, 3], [])).toBe(3);
    expect(editDistance(['a', 'b'], ['a', 'b'])).toBe(0);
  });
  it('WER is total word edits / total reference words', () => {
    // 1 substitution + 1 deletion over 6 + 0 edits over 2 = 2 / 8.
    const r = wordErrorRate(['the cat sat on mat', 'hello world'], ['the cat sat on the hat', 'hello  world']);
    expect(r).toEqual({ rate: 0.25, edits: 2, referenceLength: 8 });
    expect(wordErrorRate(['a b c d'], ['a']).rate).toBe(3);
  });
  it('CER counts code points, spaces included', () => {
    expect(charErrorRate(['héllo wörld'], ['hello world'])).toEqual({ rate: 2 / 11, edits: 2, referenceLength: 11 });
    expect(charErrorRate(['😀'], ['😁']).edits).toBe(1);
  });
  it('names bad input', () => {
    expect(() => wordErrorRate(['a'], ['a', 'b'])).toThrow(/1 hypotheses but 2 references/);
    expect(() => wordErrorRate([''], [' '])).toThrow(/references are empty/);
  });
});

describe('accuracy and perplexity', () => {
  it('accuracy skips ignored targets', () => {
    expect(accuracy([1, 2, 3, 0], [1, 0, 3, -100], -100)).toEqual({ correct: 2, total: 3, accuracy: 2 / 3 });
    expect(() => accuracy([1], [1, 2])).toThrow(/predictions has 1 elements, targets has 2/);
  });
  it('accuracy from logits', async () => {
    const logits = tf.tensor2d([[0.1, 2, 0], [3, 0, 1], [0, 0, 5]]);
    const targets = tf.tensor1d([1, 2, 0], 'int32');
    expect(await accuracyFromLogits(logits, targets, 0)).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
    tf.dispose([logits, targets]);
  });
  it('perplexity is exp of mean NLL', () => {
    expect(perplexity(Math.log(50) * 10, 10)).toBeCloseTo(50, 10);
    expect(() => perplexity(1, 0)).toThrow(/tokens must be positive/);
    expect(() => perplexity(NaN, 1)).toThrow(/totalNll must be finite/);
  });
});
