/**
 * The decoder of {@link Seq2SeqAttention}: one target step at a time, attending over the encoder
 * outputs with the source padding masked.
 * @module
 */
import { Dropout, Embedding, Linear, mm, Module, ModuleList, transposeLast, type Generator } from '@seqlab/core';
import { BahdanauAttention, LuongAttention } from '@seqlab/attention';
import { fusedAvailable, GRUCell, gruSequence, LSTMCell, lstmSequence } from '@seqlab/recurrent';
import { add, concat, reshape, slice, split, tanh, transpose, zeros, type Tensor } from '@tensorflow/tfjs-core';
import { bahdanauSequence } from './seq2seq-bahdanau-sequence.js';
import { cellStep, prepareCell, type PreparedCell } from './seq2seq-attention-cells.js';
import type { ResolvedSeq2SeqAttentionConfig } from './seq2seq-attention-config.js';

/** The encoder side every decoder step reads. */
export interface DecoderMemory {
  /** Encoder outputs `[N, S, M]`: the attention's values. */
  memory: Tensor;
  /** The attention's keys `[N, S, K]`: `memory`, or `memory_proj(memory)` for a dot score whose sizes differ. */
  keys: Tensor;
  /** `attention.projectKeys(keys)`, computed once per source batch. */
  projected: Tensor;
  /** `[N, S]` bool, true at real source tokens. */
  mask: Tensor;
}

/** The recurrent part of the decoder state, per layer. */
export interface DecoderCarry {
  /** Hidden state of each layer, `[N, H]`. */
  hidden: Tensor[];
  /** Cell state of each layer (LSTM), else null. */
  cell: Tensor[] | null;
  /** The previous attentional vector `[N, H]` (Luong input feeding), else null. */
  feed: Tensor | null;
}

/** One decoder step's results. */
export interface DecoderStepResult {
  carry: DecoderCarry;
  /** The attentional vector `h̃_t` `[N, H]` (the generator's input). */
  out: Tensor;
  /** Attention weights `[N, S]`. */
  weights: Tensor;
}

/**
 * Per step `t`, with `e_t` the (dropped-out) embedding of the previous target token and `s` the
 * top layer's hidden state:
 * - Bahdanau: `c_t, a_t = attn(s_{t-1}, memory)`, `s_t = RNN([e_t; c_t], s_{t-1})`.
 * - Luong: `s_t = RNN([e_t; h̃_{t-1}], s_{t-1})` (input feeding; `e_t` alone without it,
 *   `h̃_0 = 0`), `c_t, a_t = attn(s_t, memory)`.
 * - Both: `h̃_t = tanh(W_c [s_t; c_t] + b_c)` (`combine`), `logits_t = W_s dropout(h̃_t) + b_s`
 *   (`generator`).
 * Stacked layers apply dropout to the hidden state passed up (as `nn.GRU` does between layers).
 */
export class Seq2SeqAttentionDecoder extends Module {
  readonly embedding: Embedding;
  readonly cells: ModuleList<GRUCell | LSTMCell>;
  readonly attention: BahdanauAttention | LuongAttention;
  readonly memoryProj: Linear | null = null;
  readonly combine: Linear;
  readonly generator: Linear;
  private readonly drop: Dropout;
  private readonly lstm: boolean;
  private readonly bahdanau: boolean;
  private readonly feeding: boolean;

  constructor(
    c: ResolvedSeq2SeqAttentionConfig,
    memoryDim: number,
    rng?: Generator,
  ) {
    super();
    const init = rng ? { rng } : {};
    const H = c.hiddenSize;
    this.lstm = c.cell === 'lstm';
    this.bahdanau = c.attention === 'bahdanau';
    this.feeding = !this.bahdanau && c.inputFeeding;
    this.embedding = this.addModule('embedding', new Embedding(c.tgtVocab, c.embeddingDim, { ...init, paddingIdx: c.padId }));
    const inSize = c.embeddingDim + (this.bahdanau ? memoryDim : this.feeding ? H : 0);
    const cells: (GRUCell | LSTMCell)[] = [];
    for (let l = 0; l < c.numLayers; l++) {
      const i = l === 0 ? inSize : H;
      cells.push(this.lstm ? new LSTMCell(i, H, init) : new GRUCell(i, H, init));
    }
    this.cells = this.addModule('cells', new ModuleList(cells));
    if (c.attention === 'bahdanau') {
      this.attention = this.addModule('attention', new BahdanauAttention(H, memoryDim, { ...init, attnDim: H }));
    } else if (c.attention === 'luong-dot') {
      // A dot score needs keys of the query's size: project a bidirectional memory (2H) to H.
      if (memoryDim !== H) this.memoryProj = this.addModule('memory_proj', new Linear(memoryDim, H, { ...init, bias: false }));
      this.attention = this.addModule('attention', new LuongAttention(H, H, { ...init, score: 'dot' }));
    } else {
      const score = c.attention === 'luong-general' ? 'general' : 'concat';
      this.attention = this.addModule('attention', new LuongAttention(H, memoryDim, { ...init, score, attnDim: H }));
    }
    this.combine = this.addModule('combine', new Linear(H + memoryDim, H, init));
    this.generator = this.addModule('generator', new Linear(H, c.tgtVocab, init));
    this.drop = this.addModule('dropout', new Dropout(c.dropout, init));
  }

  /** Keys and their projection for a source batch (once per batch; caller's tidy owns them). */
  attend(memory: Tensor, mask: Tensor): DecoderMemory {
    const keys = this.memoryProj ? this.memoryProj.forward(memory) : memory;
    return { memory, keys, projected: this.attention.projectKeys(keys), mask };
  }

  /** Dropped-out embeddings of target ids (any shape). */
  embed(ids: Tensor): Tensor {
    return this.drop.forward(this.embedding.forward(ids));
  }

  /** The cells' weights transposed for `cellStep` (once per sequence, inside a tidy). */
  prepare(): PreparedCell[] {
    return Array.from({ length: this.cells.length }, (_, l) => prepareCell(this.cells.at(l), this.lstm));
  }

  /** The carry at the first step: the bridged encoder states, and `h̃_0 = 0` with input feeding. */
  initialCarry(hidden: Tensor[], cell: Tensor[] | null, zerosNH: () => Tensor): DecoderCarry {
    return { hidden, cell, feed: this.feeding ? zerosNH() : null };
  }

  /** Whether the carry holds the previous attentional vector (Luong input feeding). */
  get inputFeeding(): boolean {
    return this.feeding;
  }

  /** One step from embeddings `e` `[N, E]` (call inside a tidy). */
  step(e: Tensor, carry: DecoderCarry, mem: DecoderMemory, cells: PreparedCell[]): DecoderStepResult {
    const top = carry.hidden.length - 1;
    let ctx: Tensor | null = null;
    let weights: Tensor | null = null;
    let x: Tensor;
    if (this.bahdanau) {
      ({ context: ctx, weights } = this.attnCall(carry.hidden[top]!, mem));
      x = concat([e, ctx], 1);
    } else {
      x = carry.feed ? concat([e, carry.feed], 1) : e;
    }
    const hidden: Tensor[] = [];
    const cell: Tensor[] | null = carry.cell ? [] : null;
    for (let l = 0; l < cells.length; l++) {
      const [h, c] = cellStep(x, carry.hidden[l]!, carry.cell ? carry.cell[l]! : null, cells[l]!);
      hidden.push(h);
      if (cell) cell.push(c!);
      x = l < cells.length - 1 ? this.drop.forward(h) : h;
    }
    if (!this.bahdanau) ({ context: ctx, weights } = this.attnCall(hidden[top]!, mem));
    const out = tanh(this.combine.forward(concat([hidden[top]!, ctx!], 1)));
    return { carry: { hidden, cell, feed: this.feeding ? out : null }, out, weights: weights! };
  }

  /**
   * Whether {@link Seq2SeqAttentionDecoder.sequence} applies: with a Luong score and no input
   * feeding (every backend), no step's RNN input depends on the previous step's attention; a
   * Bahdanau decoder of one GRU or LSTM layer runs as one custom gradient over the steps where the
   * fused recurrent kernels run (cpu, wasm).
   */
  get parallel(): boolean {
    return (!this.bahdanau && !this.feeding) || this.bahdanauSequence;
  }

  private get bahdanauSequence(): boolean {
    return this.bahdanau && this.cells.length === 1 && fusedAvailable();
  }

  /**
   * The teacher-forced steps of a {@link Seq2SeqAttentionDecoder.parallel} decoder at once, for
   * embeddings `emb` `[N, T, E]`. Luong: each layer runs as one sequence on `@seqlab/recurrent`'s
   * fast kernels (one input product for all steps, hand-written backward through time), then one
   * attention call and one `combine` for all `T` queries. Bahdanau: `bahdanauSequence`
   * (seq2seq-bahdanau-sequence.ts). Same values as `T` calls of
   * {@link Seq2SeqAttentionDecoder.step}; returns `h̃` `[N, T, H]` (call inside a tidy).
   */
  sequence(emb: Tensor, carry: DecoderCarry, mem: DecoderMemory): Tensor {
    if (this.bahdanau) return this.bahdanauSteps(emb, carry, mem);
    const [N, T] = emb.shape as [number, number, number];
    const H = this.cells.at(0).hiddenSize;
    let x = transpose(emb, [1, 0, 2]); // [T, N, E]
    for (let l = 0; l < this.cells.length; l++) {
      const cell = this.cells.at(l);
      const I = x.shape[2]!;
      const flat = reshape(x, [T * N, I]);
      const wIhT = transpose(cell.weightIh);
      let hs: Tensor;
      if (this.lstm) {
        const b = cell.biasIh && cell.biasHh ? add(cell.biasIh, cell.biasHh) : null;
        const xp = reshape(b ? add(mm(flat, wIhT), b) : mm(flat, wIhT), [T, N, 4 * H]);
        hs = split(lstmSequence(xp, cell.weightHh, carry.hidden[l]!, carry.cell![l]!, null), [H, H], 2)[0]!;
      } else {
        const xp = reshape(cell.biasIh ? add(mm(flat, wIhT), cell.biasIh) : mm(flat, wIhT), [T, N, 3 * H]);
        hs = gruSequence(xp, cell.weightHh, cell.biasHh ?? zeros([3 * H]), carry.hidden[l]!);
      }
      x = l < this.cells.length - 1 ? this.drop.forward(hs) : hs;
    }
    const s = transpose(x, [1, 0, 2]); // [N, T, H]
    const { context } = this.attention.forward(s, mem.keys, { values: mem.memory, mask: mem.mask, projectedKeys: mem.projected });
    return tanh(this.combine.forward(concat([s, context], 2)));
  }

  /** The Bahdanau decoder (one GRU or LSTM layer) over all teacher-forced steps: `h̃` `[N, T, H]`. */
  private bahdanauSteps(emb: Tensor, carry: DecoderCarry, mem: DecoderMemory): Tensor {
    const [N, T, E] = emb.shape as [number, number, number];
    const cell = this.cells.at(0);
    const attn = this.attention as BahdanauAttention;
    const G = cell.weightIh.shape[0]!;
    const M = mem.memory.shape[2]!;
    // x_t W_ihᵀ = e_t W_ieᵀ + c_t W_icᵀ: the embedding half for all steps in one product. The
    // LSTM kernel takes both biases with the input product; the GRU's b_hh sits inside r ⊙ (...).
    const wie = slice(cell.weightIh, [0, 0], [G, E]);
    let xe = mm(reshape(transpose(emb, [1, 0, 2]), [T * N, E]), transposeLast(wie));
    if (cell.biasIh) xe = add(xe, cell.biasIh);
    if (this.lstm && cell.biasHh) xe = add(xe, cell.biasHh);
    const sc = bahdanauSequence(
      {
        xe: reshape(xe, [T, N, G]),
        h0: carry.hidden[0]!,
        c0: this.lstm ? carry.cell![0]! : null,
        memory: mem.memory,
        projected: mem.projected,
        wq: attn.queryLayer.weight,
        v: reshape(attn.energyLayer.weight, [attn.attnDim]),
        wc: slice(cell.weightIh, [0, E], [G, M]),
        whh: cell.weightHh,
        bhh: this.lstm ? null : (cell.biasHh ?? zeros([G])),
      },
      mem.mask,
    ); // [T, N, H + M]
    return transpose(tanh(this.combine.forward(sc)), [1, 0, 2]);
  }

  /** `logits = generator(dropout(h̃))` for `h̃` `[..., H]`. */
  logits(out: Tensor): Tensor {
    return this.generator.forward(this.drop.forward(out));
  }

  private attnCall(query: Tensor, mem: DecoderMemory): { context: Tensor; weights: Tensor } {
    return this.attention.forward(query, mem.keys, { values: mem.memory, mask: mem.mask, projectedKeys: mem.projected });
  }
}
