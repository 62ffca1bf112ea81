import { DataFormatError } from './errors.js';
import { normalizeTutorial } from './normalize.js';
import { readLines, requireNonEmpty, type SourceOptions, type TextInput } from './text.js';

/** A translation pair: source sentence and target sentence. */
export type SentencePair = [source: string, target: string];

/**
 * The English prefixes the PyTorch seq2seq tutorial (and the seed notebook) keeps pairs by, as
 * written after {@link normalizeTutorial} (`"i'm"` has become `"i m "`).
 */
export const ENG_PREFIXES: readonly string[] = [
  'i am ', 'i m ',
  'he is', 'he s ',
  'she is', 'she s ',
  'you are', 'you re ',
  'we are', 'we re ',
  'they are', 'they re ',
];

/** Options of {@link parsePairs}. */
export interface ParsePairsOptions extends SourceOptions {
  /**
   * Applied to both sides before filtering. `true` uses {@link normalizeTutorial}; a function
   * is called as `normalize(text, side)`; absent or `false` keeps the text as is.
   */
  normalize?: boolean | ((text: string, side: 'source' | 'target') => string);
  /** Swap the columns (the tutorial's `reverse=True`: file is `eng<TAB>fra`, pairs become fra -> eng). */
  reverse?: boolean;
  /**
   * Keep only pairs where both sides have FEWER than this many words, counted as the tutorial does
   * (`len(s.split(' '))`). The tutorial's `MAX_LENGTH = 10` is `maxLength: 10`.
   */
  maxLength?: number;
  /** Keep only pairs whose `prefixSide` starts with one of these (the tutorial's `eng_prefixes`). */
  prefixes?: readonly string[];
  /** Which side (after `reverse`) the prefixes apply to (default `'target'`, as in the tutorial). */
  prefixSide?: 'source' | 'target';
}

/** What {@link parsePairs} read. */
export interface ParsedPairs {
  /** Pairs kept by the filters, in file order. */
  pairs: SentencePair[];
  /** Lines read as pairs (before filtering). */
  read: number;
  /** Pairs dropped by `maxLength` or `prefixes`. */
  filtered: number;
}

/**
 * Parses `source<TAB>target` lines (the Tatoeba / manythings.org layout: `Go.\tVa !\tCC-BY ...`).
 * Columns after the second (attribution) are ignored; blank lines are skipped. A line with fewer
 * than two columns, an empty side, an empty file or invalid UTF-8 throws a
 * {@link DataFormatError} naming the file and line.
 */
export function parsePairs(input: TextInput, opts: ParsePairsOptions = {}): ParsedPairs {
  const file = opts.file ?? '<input>';
  if (opts.maxLength !== undefined && !(Number.isInteger(opts.maxLength) && opts.maxLength > 0)) {
    throw new RangeError(`parsePairs: maxLength must be a positive integer, got ${opts.maxLength}`);
  }
  const lines = readLines(input, file);
  requireNonEmpty(lines, file);
  const norm = opts.normalize === true ? (t: string) => normalizeTutorial(t) : opts.normalize || null;
  const pairs: SentencePair[] = [];
  let read = 0;
  let filtered = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cols = line.split('\t');
    if (cols.length < 2) {
      throw new DataFormatError(file, i + 1, `expected at least 2 tab-separated columns (source, target), got ${cols.length}`);
    }
    let src = cols[0]!;
    let tgt = cols[1]!;
    if (src.trim() === '' || tgt.trim() === '') {
      throw new DataFormatError(file, i + 1, `empty ${src.trim() === '' ? 'source (column 1)' : 'target (column 2)'}`);
    }
    if (opts.reverse) [src, tgt] = [tgt, src];
    if (norm) {
      src = norm(src, 'source');
      tgt = norm(tgt, 'target');
    }
    read++;
    if (!keepPair(src, tgt, opts)) {
      filtered++;
      return;
    }
    pairs.push([src, tgt]);
  });
  return { pairs, read, filtered };
}

/** The tutorial's `filterPair`: both sides shorter than `maxLength` words, and the prefix test. */
export function keepPair(source: string, target: string, opts: Pick<ParsePairsOptions, 'maxLength' | 'prefixes' | 'prefixSide'>): boolean {
  if (opts.maxLength !== undefined) {
    if (source.split(' ').length >= opts.maxLength || target.split(' ').length >= opts.maxLength) return false;
  }
  if (opts.prefixes) {
    const side = (opts.prefixSide ?? 'target') === 'target' ? target : source;
    if (!opts.prefixes.some((p) => side.startsWith(p))) return false;
  }
  return true;
}
