/**
 * The encoder of {@link Seq2SeqAttention}: embedding, (bi)GRU/LSTM over the real source steps,
 * and the bridge from its final states to the decoder's initial states.
 * @module
 */
import { Dropout, Embedding, Linear, Module, type Generator } from '@seqlab/core';
import { GRU, LSTM } from '@seqlab/recurrent';
import { concat, reshape, slice, squeeze, stack, tanh, type Tensor } from '@tensorflow/tfjs-core';
import type { ResolvedSeq2SeqAttentionConfig } from './seq2seq-attention-config.js';
import { tidyObject } from './seq2seq-attention-tidy.js';

/** What {@link Seq2SeqAttentionEncoder.forward} returns (the caller disposes it). */
export interface EncoderOutput {
  /** Encoder outputs `[N, S, D·H]`, zeros at padded steps: the attention's keys and values. */
  memory: Tensor;
  /** Decoder initial hidden state `[L, N, H]`. */
  hidden: Tensor;
  /** Decoder initial cell state `[L, N, H]` (LSTM), else null. */
  cell: Tensor | null;
}

/**
 * `embedding` -> `rnn` (`nn.GRU` / `nn.LSTM`, batch-first, packed-sequence semantics through the
 * host lengths) -> bridge. A bidirectional encoder's final states (forward and backward of each
 * layer, concatenated to `2H`) are mapped to the decoder's `H` by `bridge_h` (`tanh(W [h→; h←] +
 * b)`) and, for an LSTM, `bridge_c` (linear: a cell state is not bounded); a unidirectional one
 * passes its states through unchanged.
 */
export class Seq2SeqAttentionEncoder extends Module {
  readonly embedding: Embedding;
  readonly rnn: GRU | LSTM;
  readonly bridgeH: Linear | null = null;
  readonly bridgeC: Linear | null = null;
  private readonly drop: Dropout;

  constructor(
    private readonly c: ResolvedSeq2SeqAttentionConfig,
    rng?: Generator,
  ) {
    super();
    const init = rng ? { rng } : {};
    this.embedding = this.addModule('embedding', new Embedding(c.srcVocab, c.embeddingDim, { ...init, paddingIdx: c.padId }));
    const opts = { numLayers: c.numLayers, bidirectional: c.bidirectional, batchFirst: true, dropout: c.numLayers > 1 ? c.dropout : 0, ...init };
    this.rnn = this.addModule('rnn', c.cell === 'gru' ? new GRU(c.embeddingDim, c.hiddenSize, opts) : new LSTM(c.embeddingDim, c.hiddenSize, opts));
    if (c.bidirectional) {
      this.bridgeH = this.addModule('bridge_h', new Linear(2 * c.hiddenSize, c.hiddenSize, init));
      if (c.cell === 'lstm') this.bridgeC = this.addModule('bridge_c', new Linear(2 * c.hiddenSize, c.hiddenSize, init));
    }
    this.drop = this.addModule('dropout', new Dropout(c.dropout, init));
  }

  /** Size of each memory vector: `2H` bidirectional, else `H`. */
  get memoryDim(): number {
    return (this.c.bidirectional ? 2 : 1) * this.c.hiddenSize;
  }

  /** Encodes `src` `[N, S]` whose row `i` has `lengths[i]` real tokens (padding after them). */
  forward(src: Tensor, lengths: number[]): EncoderOutput {
    return tidyObject((): EncoderOutput => {
      const x = this.drop.forward(this.embedding.forward(src));
      const out = this.rnn.forward(x, { lengths });
      const hidden = this.bridge(out.hN, this.bridgeH, true);
      const cell = out.cN ? this.bridge(out.cN, this.bridgeC, false) : null;
      return { memory: out.output, hidden, cell };
    });
  }

  /** `[L·D, N, H]` final states -> `[L, N, H]` decoder states. */
  private bridge(states: Tensor, layer: Linear | null, squash: boolean): Tensor {
    if (!layer) return states;
    const [LD, N, H] = states.shape as [number, number, number];
    const layers: Tensor[] = [];
    for (let l = 0; l < LD / 2; l++) {
      const fw = squeeze(slice(states, [2 * l, 0, 0], [1, N, H]), [0]);
      const bw = squeeze(slice(states, [2 * l + 1, 0, 0], [1, N, H]), [0]);
      const y = layer.forward(concat([fw, bw], 1));
      layers.push(squash ? tanh(y) : y);
    }
    return layers.length === 1 ? reshape(layers[0]!, [1, N, H]) : stack(layers);
  }
}
