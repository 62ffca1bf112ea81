import { resolved } from '../pre-tokenizers/pre-tokenizer.js';
import type { Split } from '../split.js';
import { MapVocabModel, vocabToJSON, type Model, type TokenSink } from './model.js';

/** Options of the {@link WordPiece} model (HF `models.WordPiece`). */
export interface WordPieceOptions {
  /** Token for words that cannot be split. Default `[UNK]`. */
  unkToken?: string;
  /** Prefix marking non-initial pieces. Default `##`. */
  continuingSubwordPrefix?: string;
  /** Longer words (in characters) become one unk token. Default 100. */
  maxInputCharsPerWord?: number;
}

/**
 * WordPiece (BERT): greedy longest-match-first from the left, continuation pieces carry the
 * prefix; a word with any unmatched remainder, or longer than `maxInputCharsPerWord`, becomes a
 * single unk token. The longest-match search is bounded by the longest vocab entry, so a 100 KB
 * word costs O(length) rather than O(length^2).
 */
export class WordPiece extends MapVocabModel implements Model {
  readonly type = 'WordPiece';
  readonly supportsByteLevel = false;
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly maxLen: number;
  private readonly cache = new Map<string, Int32Array>();

  constructor(vocab: Record<string, number> | Map<string, number>, options: WordPieceOptions = {}) {
    super('model WordPiece', vocab);
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    let maxLen = 0;
    for (const t of this.vocab.keys()) if (t.length > maxLen) maxLen = t.length;
    this.maxLen = maxLen;
  }

  /** Reads a BERT `vocab.txt` (one token per line, id = line number). */
  static fromVocabText(text: string, options: WordPieceOptions = {}): WordPiece {
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const vocab = new Map<string, number>();
    lines.forEach((l, i) => {
      const t = l.replace(/\r$/, '');
      if (!vocab.has(t)) vocab.set(t, i);
    });
    return new WordPiece(vocab, options);
  }


  private unk(n: number, out: TokenSink): void {
    const id = this.vocab.get(this.unkToken);
    if (id === undefined) throw new RangeError(`model WordPiece: unk_token ${JSON.stringify(this.unkToken)} is not in the vocab`);
    out.push(id, 0, n);
  }

  tokenize(split: Split, out: TokenSink): void {
    const text = resolved(split).text;
    const n = text.length;
    if (n === 0) return;
    const hit = this.cache.get(text);
    if (hit !== undefined) {
      for (let k = 0; k < hit.length; k += 3) out.push(hit[k]!, hit[k + 1]!, hit[k + 2]!);
      return;
    }
    // Count characters (code points), stopping early: only "more than max" matters.
    let chars = 0;
    for (let i = 0; i < n && chars <= this.maxInputCharsPerWord; i++) {
      const c = text.charCodeAt(i);
      if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800)) chars++;
    }
    if (chars > this.maxInputCharsPerWord) {
      this.unk(n, out);
      return;
    }
    const res: number[] = [];
    let start = 0;
    const prefix = this.continuingSubwordPrefix;
    while (start < n) {
      let end = Math.min(n, start + this.maxLen);
      let found = -1;
      while (start < end) {
        // Never cut a surrogate pair.
        if (end < n && (text.charCodeAt(end) & 0xfc00) === 0xdc00 && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) {
          end--;
          continue;
        }
        const sub = start > 0 ? prefix + text.slice(start, end) : text.slice(start, end);
        const id = this.vocab.get(sub);
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
      }
      if (found < 0) {
        this.unk(n, out);
        return;
      }
      res.push(found, start, end);
      start = end;
    }
    for (let k = 0; k < res.length; k += 3) out.push(res[k]!, res[k + 1]!, res[k + 2]!);
    if (this.cache.size < 100_000) this.cache.set(text, Int32Array.from(res));
  }

  toJSON(): Record<string, unknown> {
    return {
      type: 'WordPiece',
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab: vocabToJSON(this.vocab),
    };
  }
}
