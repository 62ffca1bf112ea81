import type { Model } from '../models/model.js';

/** A trainer turns word counts into a model (HF `Trainer`). */
export interface Trainer {
  /** Tokens placed first in the vocab; `Tokenizer.train` also registers them as special tokens. */
  readonly specialTokens: string[];
  /** Builds a model from word counts (as produced by `countWords`). */
  train(wordCounts: Map<string, number>): Model;
}
