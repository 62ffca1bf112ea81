/**
 * Hyperparameters of {@link Seq2SeqAttention}: the config type, its defaults and its checks.
 * @module
 */
import { ValueError, type Generator } from '@seqlab/core';

/** Recurrent cell of the encoder and the decoder. */
export type Seq2SeqCell = 'gru' | 'lstm';

/**
 * Attention of the decoder: Bahdanau's additive score (queried with the previous decoder state,
 * its context fed into the RNN input), or Luong's `dot` / `general` / `concat` scores (queried
 * with the current decoder state).
 */
export type Seq2SeqAttentionKind = 'bahdanau' | 'luong-dot' | 'luong-general' | 'luong-concat';

/** Hyperparameters of {@link Seq2SeqAttention} (JSON-serialisable apart from `rng`). */
export interface Seq2SeqAttentionConfig {
  /** Source vocabulary size. */
  srcVocab: number;
  /** Target vocabulary size. */
  tgtVocab: number;
  /** Padding id of both vocabularies: its embedding row stays zero, it is masked in attention and must only trail a row. */
  padId: number;
  /** `'gru'` (default) or `'lstm'`, for both encoder and decoder. */
  cell?: Seq2SeqCell;
  /** Default `'bahdanau'`. */
  attention?: Seq2SeqAttentionKind;
  /** Embedding size of source and target tokens (default 256). */
  embeddingDim?: number;
  /** Hidden size of the encoder (per direction) and the decoder (default 256). */
  hiddenSize?: number;
  /** Stacked layers of the encoder and of the decoder (default 1). */
  numLayers?: number;
  /** Bidirectional encoder, its final states bridged to the decoder's size (default true). */
  bidirectional?: boolean;
  /**
   * Luong input feeding: the previous step's attentional vector is concatenated to the decoder
   * input (default true). Luong attentions only: Bahdanau's decoder already feeds its context.
   */
  inputFeeding?: boolean;
  /** Dropout on embeddings, between stacked layers and before the output layer, in train mode (default 0.1). */
  dropout?: number;
  /** Longest source or target sequence accepted (default 256). */
  maxLen?: number;
  /** Random source for initial weights and dropout masks (not part of the saved config). */
  rng?: Generator;
}

/** A config with every default filled in (and `rng` removed). */
export type ResolvedSeq2SeqAttentionConfig = Required<Omit<Seq2SeqAttentionConfig, 'rng'>>;

const CELLS: readonly Seq2SeqCell[] = ['gru', 'lstm'];
const ATTENTIONS: readonly Seq2SeqAttentionKind[] = ['bahdanau', 'luong-dot', 'luong-general', 'luong-concat'];

/**
 * Fills in defaults and checks every field.
 * @throws ValueError naming the field, the expected and the actual value.
 */
export function resolveSeq2SeqAttentionConfig(cfg: Seq2SeqAttentionConfig): ResolvedSeq2SeqAttentionConfig {
  const c: ResolvedSeq2SeqAttentionConfig = {
    srcVocab: cfg.srcVocab,
    tgtVocab: cfg.tgtVocab,
    padId: cfg.padId,
    cell: cfg.cell ?? 'gru',
    attention: cfg.attention ?? 'bahdanau',
    embeddingDim: cfg.embeddingDim ?? 256,
    hiddenSize: cfg.hiddenSize ?? 256,
    numLayers: cfg.numLayers ?? 1,
    bidirectional: cfg.bidirectional ?? true,
    inputFeeding: cfg.inputFeeding ?? true,
    dropout: cfg.dropout ?? 0.1,
    maxLen: cfg.maxLen ?? 256,
  };
  const ctx = 'Seq2SeqAttention';
  for (const k of ['srcVocab', 'tgtVocab', 'embeddingDim', 'hiddenSize', 'numLayers', 'maxLen'] as const) {
    const v = c[k];
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${ctx}: config.${k} must be a positive integer, got ${String(v)}`);
  }
  if (!Number.isInteger(c.padId) || c.padId < 0 || c.padId >= Math.min(c.srcVocab, c.tgtVocab)) {
    throw new ValueError(`${ctx}: config.padId must be an integer in [0, ${Math.min(c.srcVocab, c.tgtVocab)}), got ${String(c.padId)}`);
  }
  if (!CELLS.includes(c.cell)) throw new ValueError(`${ctx}: config.cell must be one of ${CELLS.join(', ')}, got '${String(c.cell)}'`);
  if (!ATTENTIONS.includes(c.attention)) {
    throw new ValueError(`${ctx}: config.attention must be one of ${ATTENTIONS.join(', ')}, got '${String(c.attention)}'`);
  }
  for (const k of ['bidirectional', 'inputFeeding'] as const) {
    if (typeof c[k] !== 'boolean') throw new ValueError(`${ctx}: config.${k} must be a boolean, got ${String(c[k])}`);
  }
  if (!(typeof c.dropout === 'number' && c.dropout >= 0 && c.dropout < 1)) {
    throw new ValueError(`${ctx}: config.dropout must be a number in [0, 1), got ${String(c.dropout)}`);
  }
  return c;
}
