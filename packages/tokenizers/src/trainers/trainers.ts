import type { Model } from '../models/model.js';
import { WordLevel } from '../models/wordlevel.js';
import { WordPiece } from '../models/wordpiece.js';
import { checkCount } from '../utils/errors.js';
import { bpeFromTraining, trainBpe, type BpeTrainerOptions } from './bpe-trainer.js';
import type { Trainer } from './trainer.js';

/** HF `BpeTrainer`: learns merges; see {@link trainBpe} for the exact algorithm. */
export class BpeTrainer implements Trainer {
  readonly specialTokens: string[];
  constructor(
    readonly options: BpeTrainerOptions = {},
    /** The trained model's unk token (HF keeps the model's own; none by default). */
    readonly unkToken: string | null = null,
  ) {
    this.specialTokens = options.specialTokens ?? [];
  }
  train(wordCounts: Map<string, number>): Model {
    return bpeFromTraining(trainBpe(wordCounts, this.options), this.options, this.unkToken);
  }
}

/** Options of {@link WordPieceTrainer}: those of BPE; the prefix defaults to `##`. */
export interface WordPieceTrainerOptions extends BpeTrainerOptions {
  /** The WordPiece unk token. Default `[UNK]`. */
  unkToken?: string;
}

/**
 * HF `WordPieceTrainer`: a BPE trainer with continuing prefix `##`, whose vocabulary becomes a
 * WordPiece model (HF `WordPiece::from_bpe`).
 */
export class WordPieceTrainer implements Trainer {
  readonly specialTokens: string[];
  constructor(readonly options: WordPieceTrainerOptions = {}) {
    this.specialTokens = options.specialTokens ?? [];
  }
  train(wordCounts: Map<string, number>): Model {
    const prefix = this.options.continuingSubwordPrefix ?? '##';
    const r = trainBpe(wordCounts, { ...this.options, continuingSubwordPrefix: prefix });
    return new WordPiece(r.vocab, { unkToken: this.options.unkToken ?? '[UNK]', continuingSubwordPrefix: prefix });
  }
}

/** Options of {@link WordLevelTrainer} (HF `WordLevelTrainer`). */
export interface WordLevelTrainerOptions {
  /** Default 30000. */
  vocabSize?: number;
  /** Default 0. */
  minFrequency?: number;
  specialTokens?: string[];
  /** The model's unk token. Default `<unk>`. */
  unkToken?: string;
}

/** HF `WordLevelTrainer`: special tokens, then words by count (desc), ties by word (asc). */
export class WordLevelTrainer implements Trainer {
  readonly specialTokens: string[];
  constructor(readonly options: WordLevelTrainerOptions = {}) {
    this.specialTokens = options.specialTokens ?? [];
  }
  train(wordCounts: Map<string, number>): Model {
    const vocabSize = this.options.vocabSize ?? 30000;
    const minFrequency = this.options.minFrequency ?? 0;
    checkCount('WordLevelTrainer vocabSize', vocabSize);
    checkCount('WordLevelTrainer minFrequency', minFrequency);
    const vocab = new Map<string, number>();
    for (const t of this.specialTokens) if (!vocab.has(t)) vocab.set(t, vocab.size);
    const ordered = [...wordCounts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [w, c] of ordered) {
      if (vocab.size >= vocabSize) break;
      if (c < minFrequency) continue;
      if (!vocab.has(w)) vocab.set(w, vocab.size);
    }
    return new WordLevel(vocab, this.options.unkToken ?? '<unk>');
  }
}
