import type { Generator } from '@seqlab/core';
import { Seq2SeqAttention, TransformerSeq2Seq } from '@seqlab/models';
import { get, type FlagSpecs, type FlagValues } from '../args.js';
import { PAD_ID } from '../tokenizers.js';
import type { BundledModel } from '../train/task.js';

/** Model flags of `seqlab train translate`. */
export const TRANSLATE_MODEL_FLAGS: FlagSpecs = {
  arch: { type: 'choice', choices: ['rnn-attention', 'transformer'], default: 'rnn-attention', help: 'RNN encoder-decoder with attention, or a Transformer' },
  cell: { type: 'choice', choices: ['gru', 'lstm'], default: 'gru', help: 'recurrent cell (rnn-attention)' },
  attention: { type: 'choice', choices: ['bahdanau', 'luong-dot', 'luong-general', 'luong-concat'], default: 'luong-general', help: 'attention score (rnn-attention; Luong general without input feeding is the default: it runs the decoder RNN as one fast sequence, ~1.5x the updates of Bahdanau per minute)' },
  encoder: { type: 'choice', choices: ['bi', 'uni'], default: 'bi', help: 'bidirectional or unidirectional encoder (rnn-attention)' },
  'input-feeding': { type: 'choice', choices: ['on', 'off'], default: 'off', help: 'Luong input feeding (rnn-attention, Luong scores; on costs a step-by-step decoder)' },
  embedding: { type: 'int', min: 1, default: 64, help: 'embedding size (rnn-attention)' },
  hidden: { type: 'int', min: 1, default: 128, help: 'hidden size (rnn-attention)' },
  layers: { type: 'int', min: 1, default: 1, help: 'stacked layers of the encoder and of the decoder' },
  dropout: { type: 'number', min: 0, max: 0.95, default: 0.1, help: 'dropout in training' },
  'teacher-forcing': { type: 'number', min: 0, max: 1, default: 1, help: 'probability of feeding the reference token (rnn-attention; the notebook uses 0.5)' },
  'd-model': { type: 'int', min: 8, default: 128, help: 'model width (transformer)' },
  heads: { type: 'int', min: 1, default: 4, help: 'attention heads (transformer; must divide --d-model)' },
  ff: { type: 'int', min: 8, default: 256, help: 'feed-forward width (transformer)' },
};

/** Builds the translator the flags describe. */
export function buildTranslator(f: FlagValues, srcVocab: number, tgtVocab: number, maxLen: number, rng: Generator): { model: BundledModel; type: string } {
  const common = { srcVocab, tgtVocab, padId: PAD_ID, dropout: get.num(f, 'dropout'), maxLen, rng };
  if (get.str(f, 'arch') === 'transformer') {
    const dModel = get.num(f, 'd-model');
    if (dModel % get.num(f, 'heads') !== 0) throw new Error(`--heads ${get.num(f, 'heads')} must divide --d-model ${dModel}`);
    const model = new TransformerSeq2Seq({ ...common, dModel, nhead: get.num(f, 'heads'), numEncoderLayers: get.num(f, 'layers'), numDecoderLayers: get.num(f, 'layers'), dimFeedforward: get.num(f, 'ff') });
    return { model, type: TransformerSeq2Seq.type };
  }
  const model = new Seq2SeqAttention({
    ...common,
    cell: get.str(f, 'cell') as 'gru' | 'lstm',
    attention: get.str(f, 'attention') as 'bahdanau',
    embeddingDim: get.num(f, 'embedding'),
    hiddenSize: get.num(f, 'hidden'),
    numLayers: get.num(f, 'layers'),
    bidirectional: get.str(f, 'encoder') === 'bi',
    inputFeeding: get.str(f, 'input-feeding') === 'on',
  });
  return { model, type: Seq2SeqAttention.type };
}
