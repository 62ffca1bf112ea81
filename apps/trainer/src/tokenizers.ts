import {
  BPE,
  BpeTrainer,
  charLevelComponents,
  MetaspaceDecoder,
  MetaspacePreTokenizer,
  normalizerFromJSON,
  preTokenizeString,
  Tokenizer,
  WhitespacePreTokenizer,
  WordLevel,
  WordLevelTrainer,
} from '@seqlab/tokenizers';

/** Special tokens of every tokenizer the trainer builds, with fixed ids 0..3. */
export const SPECIALS = ['<pad>', '<unk>', '<s>', '</s>'] as const;
/** Padding id (ignored by the loss, masked in attention). */
export const PAD_ID = 0;
/** Unknown-token id. */
export const UNK_ID = 1;
/** Beginning-of-sequence id (first decoder input). */
export const BOS_ID = 2;
/** End-of-sequence id (last target). */
export const EOS_ID = 3;

/** Tokenizer kinds `--tokenizer` accepts for word-based tasks. */
export const TOKENIZER_KINDS = ['word', 'bpe'] as const;
/** Tokenizer kind. */
export type TokenizerKind = (typeof TOKENIZER_KINDS)[number] | 'char';

/** Options of {@link trainTokenizer}. */
export interface TokenizerOptions {
  /** Largest vocabulary, specials included (word and bpe). */
  vocabSize: number;
  /** Words seen fewer times become `<unk>` (word) / pairs seen fewer times are not merged (bpe). */
  minFrequency: number;
  /** Lowercase before tokenizing (default true: small corpora learn faster). */
  lowercase?: boolean;
}

/**
 * Trains a tokenizer on `lines` (the TRAIN split only, so held-out text stays unseen). Every kind
 * normalises with NFKC (+ lowercase), is written as an HF tokenizer.json, and puts {@link SPECIALS}
 * at ids 0..3:
 * - `word`: HF `Whitespace` pre-tokenizer (`\w+|[^\w\s]+`, so punctuation is its own token, as the
 *   tutorial's normaliser does) and a `WordLevel` vocabulary by frequency;
 * - `bpe`: SentencePiece-style `Metaspace` + BPE merges (reversible: decode gives the text back);
 * - `char`: one token per code point (`Split` + `WordLevel`).
 */
export async function trainTokenizer(kind: TokenizerKind, lines: readonly string[], opts: TokenizerOptions): Promise<Tokenizer> {
  const normalizer = normalizerFromJSON({ type: 'Sequence', normalizers: [{ type: 'NFKC' }, ...(opts.lowercase === false ? [] : [{ type: 'Lowercase' }])] });
  let tok: Tokenizer;
  if (kind === 'char') {
    const chars = new Set<string>();
    for (const line of lines) for (const c of normalizer.normalizer.normalize(line)) chars.add(c);
    const vocab = new Map<string, number>(SPECIALS.map((s, i) => [s, i]));
    for (const c of [...chars].sort()) if (!vocab.has(c)) vocab.set(c, vocab.size);
    const { preTokenizer, model } = charLevelComponents(vocab, '<unk>');
    tok = new Tokenizer(model);
    tok.preTokenizer = preTokenizer;
    tok.normalizer = normalizer;
    // The decoder joins characters back without spaces.
    tok.decoder = new MetaspaceDecoder('\u2581', 'never', false);
  } else if (kind === 'word') {
    tok = new Tokenizer(new WordLevel({}, '<unk>'));
    tok.normalizer = normalizer;
    tok.preTokenizer = new WhitespacePreTokenizer();
    await tok.train(lines, new WordLevelTrainer({ vocabSize: opts.vocabSize, minFrequency: opts.minFrequency, specialTokens: [...SPECIALS], unkToken: '<unk>' }));
  } else {
    tok = new Tokenizer(new BPE({}, [], { unkToken: '<unk>' }));
    tok.normalizer = normalizer;
    tok.preTokenizer = new MetaspacePreTokenizer();
    tok.decoder = new MetaspaceDecoder();
    await tok.train(lines, new BpeTrainer({ vocabSize: opts.vocabSize, minFrequency: opts.minFrequency, specialTokens: [...SPECIALS] }, '<unk>'));
  }
  if (kind === 'char') tok.addSpecialTokens([...SPECIALS]);
  checkSpecials(tok);
  return tok;
}

/** Throws unless the tokenizer has {@link SPECIALS} at ids 0..3 (a bundle from elsewhere may not). */
export function checkSpecials(tok: Tokenizer, where = 'tokenizer'): void {
  SPECIALS.forEach((s, i) => {
    const id = tok.tokenToId(s);
    if (id !== i) throw new Error(`${where}: special token ${s} must have id ${i}, got ${id ?? 'none'}`);
  });
}

/** Token ids of `text` (no specials added). */
export function encodeIds(tok: Tokenizer, text: string): number[] {
  return Array.from(tok.encode(text).ids);
}

/** Text of ids, without specials; stops at the first EOS. */
export function decodeIds(tok: Tokenizer, ids: readonly number[]): string {
  const end = ids.indexOf(EOS_ID);
  return tok.decode(end < 0 ? ids : ids.slice(0, end), { skipSpecialTokens: true });
}

/**
 * A reference sentence in the form the model's output takes after decoding: normalised (NFKC,
 * lowercase) and, for the word tokenizer, split into its words and joined by spaces — so BLEU
 * compares like with like and `<unk>` never enters a reference.
 */
export function referenceText(tok: Tokenizer, text: string): string {
  const norm = tok.normalizer ? tok.normalizer.normalizer.normalize(text) : text;
  if (tok.preTokenizer?.type === 'Whitespace') return preTokenizeString(tok.preTokenizer, norm).map(([w]) => w).join(' ');
  return norm.trim().replace(/\s+/g, ' ');
}
