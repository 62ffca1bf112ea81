import { ValueError } from '@seqlab/core';
import { codePoints, pySplit } from './pystr.js';

/**
 * Levenshtein distance between two token sequences (unit cost insert / delete / substitute),
 * two-row dynamic programme, O(|a|·|b|) time, O(|b|) memory. Hand-written rather than an npm
 * package because the common ones (fastest-levenshtein, leven) compare UTF-16 strings only, and
 * WER needs word sequences.
 */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Error rate and its parts: `rate = edits / referenceLength`. */
export interface ErrorRate {
  rate: number;
  edits: number;
  referenceLength: number;
}

function errorRate(hyps: readonly string[], refs: readonly string[], split: (s: string) => string[], fn: string): ErrorRate {
  if (hyps.length !== refs.length) throw new ValueError(`${fn}: ${hyps.length} hypotheses but ${refs.length} references (expected one each)`);
  let edits = 0;
  let referenceLength = 0;
  refs.forEach((ref, i) => {
    const r = split(ref);
    edits += editDistance(split(hyps[i]!), r);
    referenceLength += r.length;
  });
  if (referenceLength === 0) throw new ValueError(`${fn}: the references are empty (rate undefined)`);
  return { rate: edits / referenceLength, edits, referenceLength };
}

/**
 * Word error rate over a corpus: total word edits / total reference words (jiwer's definition),
 * words split on whitespace. Can exceed 1 when the hypotheses are longer than the references.
 */
export function wordErrorRate(hypotheses: readonly string[], references: readonly string[]): ErrorRate {
  return errorRate(hypotheses, references, pySplit, 'wordErrorRate');
}

/** Character error rate: total code-point edits / total reference code points (spaces count). */
export function charErrorRate(hypotheses: readonly string[], references: readonly string[]): ErrorRate {
  return errorRate(hypotheses, references, codePoints, 'charErrorRate');
}
