import { NormalizedString } from '@seqlab/normalize';
import type { TokenizerNormalizer } from '../normalizers/from-json.js';
import { materializeByteLevel } from '../pre-tokenizers/byte-level.js';
import type { PreTokenizer } from '../pre-tokenizers/pre-tokenizer.js';
import { wholeSplit } from '../split.js';

/** A source of training text: lines from an array, a sync iterable or an async iterable (streaming). */
export type LineSource = Iterable<string> | AsyncIterable<string>;

/**
 * Counts the words of a corpus as HF's trainers see them (`Trainer::feed`): each line is
 * normalised and pre-tokenized (byte-level pieces in their mapped form) and every piece counted.
 * Lines are consumed one at a time, so the corpus never has to fit in memory; only the counts do.
 */
export async function countWords(lines: LineSource, normalizer: TokenizerNormalizer | null, preTokenizer: PreTokenizer | null): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (line: string): void => {
    if (typeof line !== 'string') throw new TypeError(`train: every line must be a string, got ${typeof line}`);
    const text = normalizer === null ? line : normalizer.normalizer.normalizeString(new NormalizedString(line)).normalized;
    const splits = preTokenizer === null ? [wholeSplit(text)] : preTokenizer.preTokenize([wholeSplit(text)]);
    for (const s of splits) {
      const w = s.byteLevel ? materializeByteLevel(s).text : s.text;
      if (w.length === 0) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  };
  if (Symbol.asyncIterator in (lines as object)) {
    for await (const l of lines as AsyncIterable<string>) add(l);
  } else {
    for (const l of lines as Iterable<string>) add(l);
  }
  return counts;
}
