import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync, Generator, ShapeError, ValueError } from '@seqlab/core';
import { read } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper of the bundle tests (a WordLevel tokenizer.json of n tokens)
import { wordLevelTokenizer } from '../../test/bigram-architecture.mjs';
import { memoryReader, memoryWriter } from '../bundle/io.js';
import { loadBundle } from '../bundle/load.js';
import { saveBundle } from '../bundle/save.js';
import { createDefaultRegistry } from './architectures.js';
import { randomDigits, reversalBatch, VOCAB } from './reversal.test-helper.js';
import { Seq2SeqAttention } from './seq2seq-attention.js';
import { smallSeq2SeqAttention as small } from './seq2seq-attention.test-helper.js';


describe('Seq2SeqAttention', () => {
  it('has the documented defaults and PyTorch-style state dict names', () => {
    const m = new Seq2SeqAttention({ srcVocab: 7, tgtVocab: 9, padId: 0 });
    expect(m.config).toEqual({ srcVocab: 7, tgtVocab: 9, padId: 0, cell: 'gru', attention: 'bahdanau', embeddingDim: 256, hiddenSize: 256, numLayers: 1, bidirectional: true, inputFeeding: true, dropout: 0.1, maxLen: 256 });
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual([
      'encoder.embedding.weight',
      'encoder.rnn.weight_ih_l0', 'encoder.rnn.weight_hh_l0', 'encoder.rnn.bias_ih_l0', 'encoder.rnn.bias_hh_l0',
      'encoder.rnn.weight_ih_l0_reverse', 'encoder.rnn.weight_hh_l0_reverse', 'encoder.rnn.bias_ih_l0_reverse', 'encoder.rnn.bias_hh_l0_reverse',
      'encoder.bridge_h.weight', 'encoder.bridge_h.bias',
      'decoder.embedding.weight',
      'decoder.cells.0.weight_ih', 'decoder.cells.0.weight_hh', 'decoder.cells.0.bias_ih', 'decoder.cells.0.bias_hh',
      'decoder.attention.key_layer.weight', 'decoder.attention.query_layer.weight', 'decoder.attention.energy_layer.weight',
      'decoder.combine.weight', 'decoder.combine.bias',
      'decoder.generator.weight', 'decoder.generator.bias',
    ]);
    // Bahdanau's GRU input is [embedding; context of the 2H bidirectional memory].
    expect(sd['decoder.cells.0.weight_ih']!.shape).toEqual([3 * 256, 256 + 512]);
    expect(sd['decoder.combine.weight']!.shape).toEqual([256, 256 + 512]);
    m.dispose();
  });

  it('a padded source row gives the same logits as the row alone (packed encoder, masked attention)', async () => {
    const m = small({ attention: 'luong-general', cell: 'lstm', numLayers: 2 }).eval();
    const long = randomDigits(new Generator(3)).concat([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).slice(0, 15);
    const short = [5, 6, 7, 8, 9];
    const both = reversalBatch([long, short]);
    const alone = reversalBatch([short]);
    await expectNoLeaksAsync(async () => {
      const y2 = m.forward(both.src, both.tgtIn);
      const y1 = m.forward(alone.src, alone.tgtIn);
      const T1 = alone.tgtIn.shape[1]!;
      const row = tf.slice(y2, [1, 0, 0], [1, T1, VOCAB]);
      const a = await read(row);
      const b = await read(y1);
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
      tf.dispose([y2, y1, row]);
    });
    tf.dispose([both.src, both.tgtIn, both.tgtOut, alone.src, alone.tgtIn, alone.tgtOut]);
    m.dispose();
  });

  it('teacher forcing ratio: 1 feeds tgtIn, 0 feeds its own argmax, in between one draw decides per call', async () => {
    const m = small().eval();
    const { src, tgtIn, tgtOut } = reversalBatch([[3, 4, 5, 6, 7], [8, 9, 10, 11, 12]]);
    const forced = await read(m.forward(src, tgtIn));
    const free = await read(m.forward(src, tgtIn, { teacherForcingRatio: 0 }));
    expect(free).not.toEqual(forced); // an untrained model's argmax is not the reversal
    expect(await read(m.forward(src, tgtIn, { teacherForcingRatio: 0.5, random: () => 0.4 }))).toEqual(forced);
    expect(await read(m.forward(src, tgtIn, { teacherForcingRatio: 0.5, random: () => 0.6 }))).toEqual(free);
    tf.dispose([src, tgtIn, tgtOut]);
    m.dispose();
  });

  it('names bad input', () => {
    const m = small();
    const ok = tf.tensor2d([[3, 4, 0]], [1, 3], 'int32');
    expect(() => m.forward(tf.zeros([3], 'int32'), ok)).toThrow(ShapeError);
    expect(() => m.forward(ok, tf.zeros([2, 3], 'int32'))).toThrow(/tgtIn must have shape \[1, \*\]/);
    expect(() => m.forward(tf.zeros([1, 3], 'float32'), ok)).toThrow(/src/);
    expect(() => m.encode(tf.zeros([1, 40], 'int32'))).toThrow(/<= 32/);
    expect(() => m.encode(tf.tensor2d([[3, 0, 4]], [1, 3], 'int32'))).toThrow(/src row 0 has a token at position 2 after padding/);
    expect(() => m.encode(tf.tensor2d([[0, 0]], [1, 2], 'int32'))).toThrow(/src row 0 is all padding/);
    expect(() => m.encode(ok, { srcLengths: [4] })).toThrow(/srcLengths\[0\] must be an integer in \[1, 3\], got 4/);
    expect(() => m.forward(ok, ok, { teacherForcingRatio: 2 })).toThrow(/teacherForcingRatio must be a number in \[0, 1\], got 2/);
    expect(() => m.forward(tf.tensor2d([[3, 40]], [1, 2], 'int32'), ok)).toThrow(/id 40/);
    const state = m.encode(ok);
    expect(() => m.step(new Int32Array(2), state)).toThrow(/tokens must have shape \[1\], got \[2\]/);
    m.disposeState(state);
    expect(() => new Seq2SeqAttention({ srcVocab: 5, tgtVocab: 5, padId: 0, attention: 'luong' as never })).toThrow(ValueError);
    expect(() => new Seq2SeqAttention({ srcVocab: 5, tgtVocab: 5, padId: 0, cell: 'rnn' as never })).toThrow(/config.cell must be one of gru, lstm, got 'rnn'/);
    expect(() => new Seq2SeqAttention({ srcVocab: 5, tgtVocab: 5, padId: 5 })).toThrow(/config.padId must be an integer in \[0, 5\), got 5/);
    expect(() => new Seq2SeqAttention({ srcVocab: 5, tgtVocab: 5, padId: 0, hiddenSize: 0 })).toThrow(/config.hiddenSize must be a positive integer, got 0/);
    expect(() => new Seq2SeqAttention({ srcVocab: 5, tgtVocab: 5, padId: 0, dropout: 1 })).toThrow(/config.dropout/);
    ok.dispose();
    m.dispose();
  });

  it('round-trips through a bundle built by createDefaultRegistry', async () => {
    const m = small({ cell: 'lstm', attention: 'luong-concat' }).eval();
    const w = memoryWriter();
    const tok = { file: 'tokenizer.json', json: wordLevelTokenizer(VOCAB) as string, vocabSize: VOCAB };
    await saveBundle(w, { task: 'translate', architecture: { type: Seq2SeqAttention.type, ...m.config }, model: m, tokenizers: { source: tok, target: { ...tok, file: 'target-tokenizer.json' } } });
    const loaded = await loadBundle<Seq2SeqAttention>(memoryReader(w.files), createDefaultRegistry());
    expect(loaded.model).toBeInstanceOf(Seq2SeqAttention);
    expect(loaded.model.config).toEqual(m.config);
    const { src, tgtIn, tgtOut } = reversalBatch([[3, 4, 5, 6, 7, 8]]);
    const a = m.forward(src, tgtIn);
    const b = loaded.model.eval().forward(src, tgtIn);
    expect(await read(b)).toEqual(await read(a));
    tf.dispose([a, b, src, tgtIn, tgtOut]);
    loaded.model.dispose();
    m.dispose();
  });
});
