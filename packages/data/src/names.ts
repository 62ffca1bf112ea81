import { DataFormatError } from './errors.js';
import { readLines, requireNonEmpty, type TextInput } from './text.js';

/** Options of {@link parseNamesByLanguage}. */
export interface ParseNamesOptions {
  /** Applied to every name (the tutorial uses `unicodeToAscii`). Default: keep as is. */
  normalize?: (name: string) => string;
}

/**
 * Reads the PyTorch char-RNN tutorial layout, one file per language with one name per line
 * (`data/names/French.txt`), from a map of file name -> contents. The language is the file's base
 * name without directory and extension. Names are trimmed and blank lines skipped, as the
 * tutorial's `read().strip().split('\n')` does. Languages come back sorted by name so the class
 * index does not depend on directory listing order.
 *
 * Throws a {@link DataFormatError} for an empty file, invalid UTF-8 (naming file and line), a
 * name containing a tab, or two files mapping to the same language.
 */
export function parseNamesByLanguage(files: Record<string, TextInput>, opts: ParseNamesOptions = {}): Record<string, string[]> {
  const entries = Object.entries(files);
  if (entries.length === 0) throw new RangeError('parseNamesByLanguage: files is empty (expected at least one language file)');
  const out: Record<string, string[]> = {};
  const origin: Record<string, string> = {};
  for (const [file, content] of entries.sort(([a], [b]) => (languageOf(a) < languageOf(b) ? -1 : 1))) {
    const lang = languageOf(file);
    if (lang === '') throw new DataFormatError(file, 0, 'cannot derive a language from this file name');
    if (lang in out) throw new DataFormatError(file, 0, `language '${lang}' also comes from ${origin[lang]}`);
    const lines = readLines(content, file);
    requireNonEmpty(lines, file);
    const names: string[] = [];
    lines.forEach((line, i) => {
      const name = line.trim();
      if (name === '') return;
      if (name.includes('\t')) throw new DataFormatError(file, i + 1, 'expected one name per line, found a tab');
      names.push(opts.normalize ? opts.normalize(name) : name);
    });
    out[lang] = names;
    origin[lang] = file;
  }
  return out;
}

/** `data/names/French.txt` -> `French`. */
export function languageOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
