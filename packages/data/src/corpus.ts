import { readLines, requireNonEmpty, type SourceOptions, type TextInput } from './text.js';

/** Options of {@link parseCorpus}. */
export interface ParseCorpusOptions extends SourceOptions {
  /** Drop lines that are empty or whitespace only (default false: line numbers stay aligned). */
  skipBlank?: boolean;
}

/**
 * A plain UTF-8 corpus as lines. Throws a {@link DataFormatError} for an empty file or invalid
 * UTF-8 (naming the line).
 */
export function parseCorpus(input: TextInput, opts: ParseCorpusOptions = {}): string[] {
  const file = opts.file ?? '<input>';
  const lines = readLines(input, file);
  requireNonEmpty(lines, file);
  return opts.skipBlank ? lines.filter((l) => l.trim() !== '') : lines;
}

/**
 * The word_language_model tutorial's `Corpus.tokenize`: every line split on whitespace, followed
 * by an end-of-sentence token (`<eos>` by default). Blank lines yield just `<eos>`, as there.
 */
export function corpusWords(lines: readonly string[], eos = '<eos>'): string[] {
  const out: string[] = [];
  for (const line of lines) {
    for (const w of line.split(/\s+/)) if (w !== '') out.push(w);
    out.push(eos);
  }
  return out;
}
