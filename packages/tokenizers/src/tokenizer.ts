import { NormalizedString } from '@seqlab/normalize';
import { AddedVocabulary, type AddedToken } from './added-vocabulary.js';
import { decodeWith, type Decoder } from './decoders/decoder.js';
import { Encoding } from './encoding.js';
import { BPE } from './models/bpe.js';
import { TokenSink, type Model } from './models/model.js';
import type { TokenizerNormalizer } from './normalizers/from-json.js';
import { padEncodings, type PaddingOptions } from './padding.js';
import { defaultProcess, type PostProcessor } from './post-processors/post-processor.js';
import { ByteLevelPreTokenizer, materializeByteLevel } from './pre-tokenizers/byte-level.js';
import { gpt2Pieces } from './pre-tokenizers/gpt2-scanner.js';
import type { PreTokenizer } from './pre-tokenizers/pre-tokenizer.js';
import type { Split } from './split.js';
import { countWords, type LineSource } from './trainers/word-counts.js';
import type { Trainer } from './trainers/trainer.js';
import { truncateEncodings, type TruncationOptions } from './truncation.js';
import { describe, type TokenizerConfigError } from './utils/errors.js';
import { tokenizerFromJSON, tokenizerToJSON } from './serialization/tokenizer-json.js';

/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Let the post-processor add special tokens (`[CLS]`, `<sos>`...). Default true. */
  addSpecialTokens?: boolean;
}

/** Options of {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Leave out special added tokens. Default false. */
  skipSpecialTokens?: boolean;
}

/** One input of {@link Tokenizer.encodeBatch}: a text or a `[text, pair]`. */
export type EncodeInput = string | [string, string];

/**
 * The HF tokenizers pipeline: added tokens are split out, then normaliser -> pre-tokenizer ->
 * model -> truncation -> post-processor -> padding; `decode` runs the decoder. Offsets always
 * point into the ORIGINAL input text (UTF-16 units).
 */
export class Tokenizer {
  normalizer: TokenizerNormalizer | null = null;
  preTokenizer: PreTokenizer | null = null;
  model: Model;
  postProcessor: PostProcessor | null = null;
  decoder: Decoder | null = null;
  readonly addedVocabulary = new AddedVocabulary();
  padding: PaddingOptions | null = null;
  truncation: TruncationOptions | null = null;
  private readonly sink = new TokenSink();
  private words = new Int32Array(1024);
  private readonly ranges: number[] = [];

  constructor(model: Model) {
    this.model = model;
  }

  /**
   * Reads an HF `tokenizer.json` (text or parsed). Unknown component types and missing or
   * invalid fields throw a {@link TokenizerConfigError} naming the component and field.
   */
  static fromJSON(json: string | Record<string, unknown>): Tokenizer {
    return tokenizerFromJSON(json);
  }

  /** The HF `tokenizer.json` object (`JSON.stringify(tok)` gives the file). */
  toJSON(): Record<string, unknown> {
    return tokenizerToJSON(this);
  }

  /** The HF `tokenizer.json` text. */
  toJSONString(pretty = false): string {
    return JSON.stringify(this.toJSON(), null, pretty ? 2 : undefined);
  }

  /** Adds plain tokens (matched in text, not special); returns how many were new. */
  addTokens(tokens: Array<string | AddedToken>): number {
    return this.addAll(tokens.map((t) => (typeof t === 'string' ? { content: t, special: false } : t)));
  }

  /** Adds special tokens (never split, skippable in decode); returns how many were new. */
  addSpecialTokens(tokens: Array<string | AddedToken>): number {
    return this.addAll(tokens.map((t) => (typeof t === 'string' ? { content: t, special: true } : { ...t, special: true })));
  }

  private addAll(tokens: AddedToken[]): number {
    let added = 0;
    for (const t of tokens) {
      if (this.addedVocabulary.idOf(t.content) !== undefined) {
        this.addedVocabulary.add(t, this.addedVocabulary.idOf(t.content)!);
        continue;
      }
      // As HF: reuse the model's id when the token is in its vocab, else a new id after everything.
      let id = this.model.tokenToId(t.content);
      if (id === undefined) id = this.getVocabSize(true);
      this.addedVocabulary.add(t, id);
      added++;
    }
    return added;
  }

  /** Id of a token (added tokens first), or undefined. */
  tokenToId(token: string): number | undefined {
    return this.addedVocabulary.idOf(token) ?? this.model.tokenToId(token);
  }

  /** Token of an id, or undefined. */
  idToToken(id: number): string | undefined {
    return this.addedVocabulary.tokenOf(id)?.content ?? this.model.idToToken(id);
  }

  /** Vocabulary size: the model's, plus added tokens beyond it when `withAdded` (default true). */
  getVocabSize(withAdded = true): number {
    let n = this.model.getVocabSize();
    if (withAdded) for (const t of this.addedVocabulary.tokens) n = Math.max(n, t.id + 1);
    return n;
  }

  /** Sets padding (null disables it). */
  setPadding(p: PaddingOptions | null): this {
    this.padding = p === null ? null : { ...p };
    return this;
  }

  /** Sets truncation (null disables it). */
  setTruncation(t: TruncationOptions | null): this {
    if (t !== null && (!Number.isInteger(t.maxLength) || t.maxLength < 0)) {
      throw new RangeError(`setTruncation: maxLength expected a non-negative integer, got ${describe(t.maxLength)}`);
    }
    this.truncation = t === null ? null : { ...t };
    return this;
  }

  /** Encodes one text (and optionally its pair) into an {@link Encoding}. */
  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    if (typeof text !== 'string') throw new TypeError(`encode: text expected a string, got ${describe(text)}`);
    if (pair !== undefined && pair !== null && typeof pair !== 'string') throw new TypeError(`encode: pair expected a string, got ${describe(pair)}`);
    const enc = this.encodeUnpadded(text, pair ?? null, options);
    if (this.padding !== null) padEncodings([enc], this.padding);
    return enc;
  }

  /** Encodes many inputs; padding (if set) pads them to a common length. */
  encodeBatch(inputs: EncodeInput[], options: EncodeOptions = {}): Encoding[] {
    if (!Array.isArray(inputs)) throw new TypeError(`encodeBatch: inputs expected an array, got ${describe(inputs)}`);
    const encs = inputs.map((inp, i) => {
      if (typeof inp === 'string') return this.encodeUnpadded(inp, null, options);
      if (Array.isArray(inp) && inp.length === 2 && typeof inp[0] === 'string' && typeof inp[1] === 'string') return this.encodeUnpadded(inp[0], inp[1], options);
      throw new TypeError(`encodeBatch: inputs[${i}] expected a string or [string, string], got ${describe(inp)}`);
    });
    if (this.padding !== null) padEncodings(encs, this.padding);
    return encs;
  }

  private encodeUnpadded(text: string, pair: string | null, options: EncodeOptions): Encoding {
    const add = options.addSpecialTokens ?? true;
    const a = this.encodeSequence(text, 0);
    const b = pair === null ? null : this.encodeSequence(pair, 1);
    if (this.truncation !== null) {
      const reserved = add && this.postProcessor !== null ? this.postProcessor.addedTokens(b !== null) : 0;
      const max = this.truncation.maxLength - reserved;
      if (max < 0) throw new RangeError(`truncation: maxLength ${this.truncation.maxLength} is smaller than the ${reserved} special tokens added`);
      truncateEncodings(a, b, this.truncation, max);
    }
    return this.postProcessor === null ? defaultProcess(a, b) : this.postProcessor.process(a, b, add);
  }

  /** Encodes one sequence without post-processing (type ids = `typeId`). */
  encodeSequence(text: string, typeId: number): Encoding {
    const model = this.model;
    const sink = this.sink;
    sink.length = 0;
    let words = this.words;
    let word = 0;
    // Marks tokens [from, sink.length) as word `word`, growing the word-id buffer as needed.
    const markWord = (from: number): void => {
      if (words.length < sink.ids.length) {
        const w = new Int32Array(sink.ids.length);
        w.set(words.subarray(0, from));
        words = this.words = w;
      }
      words.fill(word, from, sink.length);
      word++;
    };
    const fast = this.normalizer === null && !this.addedVocabulary.hasNormalized() && model instanceof BPE && this.preTokenizer instanceof ByteLevelPreTokenizer && this.preTokenizer.useRegex;
    const ranges = this.ranges;
    const pushSplit = (sp0: Split): void => {
      const sp = sp0.byteLevel && !model.supportsByteLevel ? materializeByteLevel(sp0) : sp0;
      const from = sink.length;
      model.tokenize(sp, sink);
      const al = sp.align;
      for (let k = from; k < sink.length; k++) {
        if (al === null) {
          sink.starts[k] = sink.starts[k]! + sp.start;
          sink.ends[k] = sink.ends[k]! + sp.start;
        } else {
          const e = sink.ends[k]!;
          sink.starts[k] = al[2 * sink.starts[k]!]!;
          sink.ends[k] = al[2 * (e - 1) + 1]!;
        }
      }
      markWord(from);
    };
    const pushAdded = (id: number, s: number, e: number): void => {
      const from = sink.length;
      sink.push(id, s, e);
      markWord(from);
    };
    for (const piece of this.addedVocabulary.split(text, false)) {
      if (piece.id >= 0) {
        pushAdded(piece.id, piece.start, piece.end);
        continue;
      }
      const raw = piece.start === 0 && piece.end === text.length ? text : text.slice(piece.start, piece.end);
      if (fast && (!(this.preTokenizer as ByteLevelPreTokenizer).addPrefixSpace || raw.charCodeAt(0) === 0x20)) {
        // GPT-2 fast path: scan words and tokenize them straight from the BPE cache, without
        // building Split objects (same results as the general path below).
        ranges.length = 0;
        gpt2Pieces(raw, 0, raw.length, ranges);
        const bpe = model as BPE;
        const nr = ranges.length;
        for (let k = 0; k < nr; k += 2) {
          const from = sink.length;
          const a = ranges[k]!;
          const c = raw.charCodeAt(a);
          const single = ranges[k + 1]! - a === 1 && c < 0x80 ? bpe.singleByteId(c) : -1;
          if (single >= 0) sink.push(single, piece.start + a, piece.start + a + 1);
          else bpe.tokenizeByteLevelRange(raw, a, ranges[k + 1]!, piece.start, sink);
          const to = sink.length;
          if (words.length < to) markWord(from);
          else {
            for (let i = from; i < to; i++) words[i] = word;
            word++;
          }
        }
        continue;
      }
      let norm = raw;
      let align: Int32Array | null = null;
      const quick = this.normalizer?.oneToOne?.(raw) ?? null;
      if (quick !== null) norm = quick;
      else if (this.normalizer !== null) {
        const ns = this.normalizer.normalizer.normalizeString(new NormalizedString(raw));
        norm = ns.normalized;
        const spans = ns.alignments();
        align = new Int32Array(2 * spans.length);
        for (let i = 0; i < spans.length; i++) {
          align[2 * i] = spans[i]![0] + piece.start;
          align[2 * i + 1] = spans[i]![1] + piece.start;
        }
      }
      for (const sub of this.addedVocabulary.split(norm, true)) {
        const s0: Split = {
          text: sub.start === 0 && sub.end === norm.length ? norm : norm.slice(sub.start, sub.end),
          align: align === null ? null : align.subarray(2 * sub.start, 2 * sub.end),
          start: align === null ? piece.start + sub.start : 0,
          byteLevel: false,
          prefixSpace: 0,
        };
        if (sub.id >= 0) {
          const o = s0.align === null ? [s0.start, s0.start + s0.text.length] : [s0.align[0]!, s0.align[s0.align.length - 1]!];
          pushAdded(sub.id, o[0]!, o[1]!);
          continue;
        }
        if (s0.text.length === 0) continue;
        const splits = this.preTokenizer === null ? [s0] : this.preTokenizer.preTokenize([s0]);
        for (const sp of splits) pushSplit(sp);
      }
    }
    return this.finish(typeId);
  }

  private finish(typeId: number): Encoding {
    const sink = this.sink;
    const words = this.words;
    const n = sink.length;
    const ids = new Array<number>(n);
    const offs = new Int32Array(2 * n);
    const sIds = sink.ids;
    const sSt = sink.starts;
    const sEn = sink.ends;
    for (let i = 0; i < n; i++) {
      ids[i] = sIds[i]!;
      offs[2 * i] = sSt[i]!;
      offs[2 * i + 1] = sEn[i]!;
    }
    return Encoding.fromCompact(ids, this.tokenOf, offs, words.slice(0, n), typeId);
  }

  private readonly tokenOf = (id: number): string => this.idToToken(id)!;

  /**
   * Trains the model on lines of text (an array, iterable or async iterable: a corpus larger than
   * memory streams line by line). Words are counted through this tokenizer's normaliser and
   * pre-tokenizer, the trainer builds the new model, and its special tokens are added.
   */
  async train(lines: LineSource, trainer: Trainer): Promise<this> {
    const counts = await countWords(lines, this.normalizer, this.preTokenizer);
    this.model = trainer.train(counts);
    this.addSpecialTokens(trainer.specialTokens);
    return this;
  }

  /**
   * Decodes ids to text with the decoder (tokens joined by spaces when there is none). An id
   * that is neither in the model nor an added token throws a RangeError naming it.
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    const skip = options.skipSpecialTokens ?? false;
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id)) throw new RangeError(`decode: ids[${i}] expected an integer id, got ${describe(id)}`);
      const added = this.addedVocabulary.tokenOf(id);
      if (added !== undefined) {
        if (skip && added.special) continue;
        tokens.push(added.content);
        continue;
      }
      const t = this.model.idToToken(id);
      if (t === undefined) throw new RangeError(`decode: ids[${i}] = ${id} is not a token id (vocab size ${this.getVocabSize(true)})`);
      tokens.push(t);
    }
    return this.decoder === null ? tokens.join(' ') : decodeWith(this.decoder, tokens);
  }

  /** Decodes many id lists. */
  decodeBatch(batch: Array<ArrayLike<number>>, options: DecodeOptions = {}): string[] {
    return batch.map((ids) => this.decode(ids, options));
  }
}
