/**
 * `Seq2SeqAttention`: the RNN encoder-decoder with attention (Bahdanau et al. 2015; Luong et al.
 * 2015), the batched successor of the PyTorch tutorial's `EncoderRNN` + `AttnDecoderRNN`.
 * @module
 */
import { Module, ShapeError, ValueError, checkDtype, readSyncIfSafe } from '@seqlab/core';
import {
  argMax,
  dispose,
  expandDims,
  gather,
  notEqual,
  reshape,
  slice,
  squeeze,
  stack,
  tensor1d,
  tidy,
  unstack,
  zeros,
  type Tensor,
} from '@tensorflow/tfjs-core';
import type { StepOutput } from '../decoding/types.js';
import {
  resolveSeq2SeqAttentionConfig,
  type ResolvedSeq2SeqAttentionConfig,
  type Seq2SeqAttentionConfig,
} from './seq2seq-attention-config.js';
import { Seq2SeqAttentionDecoder, type DecoderCarry, type DecoderMemory } from './seq2seq-attention-decoder.js';
import { Seq2SeqAttentionEncoder } from './seq2seq-attention-encoder.js';
import { tidyObject } from './seq2seq-attention-tidy.js';
import type { Seq2SeqModel } from './types.js';

export { Seq2SeqAttentionDecoder, type DecoderCarry, type DecoderMemory, type DecoderStepResult } from './seq2seq-attention-decoder.js';
export { Seq2SeqAttentionEncoder, type EncoderOutput } from './seq2seq-attention-encoder.js';
export type { ResolvedSeq2SeqAttentionConfig, Seq2SeqAttentionConfig, Seq2SeqAttentionKind, Seq2SeqCell } from './seq2seq-attention-config.js';

/** Options of {@link Seq2SeqAttention.forward}. */
export interface Seq2SeqAttentionForwardOptions {
  /**
   * Probability that this call feeds the reference tokens `tgtIn` (teacher forcing); otherwise
   * every step after the first feeds the model's own argmax prediction (no gradient through the
   * choice). As the tutorial's `teacher_forcing_ratio`, one draw decides for the whole batch.
   * In [0, 1]; default 1.
   */
  teacherForcingRatio?: number;
  /** Uniform [0, 1) source for that draw (default `Math.random`; pass a seeded one for reproducible runs). */
  random?: () => number;
  /**
   * Real length of each source row. Default: counted from `src` (tokens before the first pad),
   * which reads `src` on the host; pass them on WebGPU, where a synchronous read is unsafe.
   */
  srcLengths?: readonly number[];
}

/** Decoding state of {@link Seq2SeqAttention} (one row per hypothesis). */
export interface Seq2SeqAttentionState {
  /** Encoder outputs `[rows, S, M]`. */
  memory: Tensor;
  /** Attention keys `[rows, S, K]`. */
  keys: Tensor;
  /** Projected keys (the key half of the score, computed once). */
  projected: Tensor;
  /** `[rows, S]` bool, true at real source tokens. */
  mask: Tensor;
  /** Decoder hidden states `[L, rows, H]`. */
  hidden: Tensor;
  /** Decoder cell states `[L, rows, H]` (LSTM), else null. */
  cell: Tensor | null;
  /** Previous attentional vector `[rows, H]` (Luong input feeding), else null. */
  feed: Tensor | null;
}

/**
 * An RNN translator: embedding -> (bi)GRU/LSTM encoder over the real source tokens -> a decoder
 * with Bahdanau or Luong (dot / general / concat) attention over the encoder outputs, source
 * padding masked, Luong input feeding, and a linear generator over the target vocabulary.
 * Equations: {@link Seq2SeqAttentionEncoder} and {@link Seq2SeqAttentionDecoder}.
 *
 * It is a {@link Seq2SeqModel}: `forward` gives teacher-forced logits for training (optionally
 * feeding its own predictions, `teacherForcingRatio`), and `encode` + the {@link StepModel}
 * methods let greedy, beam and sampling decoders drive it, each step returning the attention
 * weights `[rows, S]` for heat-maps.
 *
 * State dict: `encoder.embedding.weight`, `encoder.rnn.*` (`nn.GRU`/`nn.LSTM` names),
 * `encoder.bridge_h.*` / `encoder.bridge_c.*` (bidirectional), `decoder.embedding.weight`,
 * `decoder.cells.{l}.*` (`nn.GRUCell`/`nn.LSTMCell` names), `decoder.attention.*`,
 * `decoder.memory_proj.weight` (dot score over a bidirectional memory), `decoder.combine.*`,
 * `decoder.generator.*`.
 *
 * @example
 * ```ts
 * const model = new Seq2SeqAttention({ srcVocab: 13, tgtVocab: 13, padId: 0, hiddenSize: 64, embeddingDim: 32 });
 * const loss = crossEntropy(model.forward(src, tgtIn), tgtOut);       // training
 * const state = model.eval().encode(src);                             // decoding
 * const hyps = await greedyDecode(model, state, src.shape[0], { bosId: 1, eosId: 2, maxLength: 20 });
 * model.disposeState(state);
 * ```
 */
export class Seq2SeqAttention extends Module implements Seq2SeqModel<Seq2SeqAttentionState> {
  /** `architecture.type` of this model in bundles. */
  static readonly type = 'seq2seq-attention';
  /** The hyperparameters, defaults filled in. */
  readonly config: ResolvedSeq2SeqAttentionConfig;
  readonly encoder: Seq2SeqAttentionEncoder;
  readonly decoder: Seq2SeqAttentionDecoder;

  constructor(cfg: Seq2SeqAttentionConfig) {
    super();
    this.config = resolveSeq2SeqAttentionConfig(cfg);
    this.encoder = this.addModule('encoder', new Seq2SeqAttentionEncoder(this.config, cfg.rng));
    this.decoder = this.addModule('decoder', new Seq2SeqAttentionDecoder(this.config, this.encoder.memoryDim, cfg.rng));
  }

  /**
   * Logits `[N, T, tgtVocab]` for source ids `src` `[N, S]` (int32, padding only after the real
   * tokens) and target inputs `tgtIn` `[N, T]` (BOS first).
   */
  forward(src: Tensor, tgtIn: Tensor, opts: Seq2SeqAttentionForwardOptions = {}): Tensor {
    this.checkIds('src', src);
    this.checkIds('tgtIn', tgtIn);
    if (tgtIn.shape[0] !== src.shape[0]) throw new ShapeError('tgtIn', [src.shape[0]!, null], tgtIn.shape, 'Seq2SeqAttention');
    const ratio = opts.teacherForcingRatio ?? 1;
    if (!(typeof ratio === 'number' && ratio >= 0 && ratio <= 1)) {
      throw new ValueError(`Seq2SeqAttention: teacherForcingRatio must be a number in [0, 1], got ${String(ratio)}`);
    }
    const forced = ratio >= 1 || (opts.random ?? Math.random)() < ratio;
    const lengths = this.sourceLengths(src, opts.srcLengths);
    return tidy(() => {
      const { mem, carry: carry0 } = this.encodeAll(src, lengths);
      const cells = this.decoder.prepare();
      const T = tgtIn.shape[1]!;
      let carry = carry0;
      if (forced) {
        // All target embeddings in one lookup; all logits in one generator product.
        const emb = this.decoder.embed(tgtIn); // [N, T, E]
        if (this.decoder.parallel) return this.decoder.logits(this.decoder.sequence(emb, carry, mem));
        const steps = T === 1 ? [squeeze(emb, [1])] : unstack(emb, 1);
        const outs: Tensor[] = [];
        for (const e of steps) {
          const r = this.decoder.step(e, carry, mem, cells);
          carry = r.carry;
          outs.push(r.out);
        }
        return this.decoder.logits(outs.length === 1 ? expandDims(outs[0]!, 1) : stack(outs, 1));
      }
      const N = src.shape[0]!;
      let prev: Tensor = reshape(slice(tgtIn, [0, 0], [N, 1]), [N]);
      const logits: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const r = this.decoder.step(this.decoder.embed(prev), carry, mem, cells);
        carry = r.carry;
        const l = this.decoder.logits(r.out);
        logits.push(l);
        prev = hostArgMax(l);
      }
      return logits.length === 1 ? expandDims(logits[0]!, 1) : stack(logits, 1);
    });
  }

  /** Encodes a source batch `[N, S]`: the initial decoding state (free it with {@link disposeState}). */
  encode(src: Tensor, opts: { srcLengths?: readonly number[] } = {}): Seq2SeqAttentionState {
    this.checkIds('src', src);
    const lengths = this.sourceLengths(src, opts.srcLengths);
    return tidyObject(() => {
      const { mem, carry } = this.encodeAll(src, lengths);
      return this.packState(mem, carry);
    });
  }

  /** {@link StepModel.step}: feeds `tokens` (one per row) and scores the next token. */
  step(tokens: Int32Array, state: Seq2SeqAttentionState): StepOutput<Seq2SeqAttentionState> {
    const rows = state.memory.shape[0]!;
    if (tokens.length !== rows) throw new ShapeError('tokens', [rows], [tokens.length], 'Seq2SeqAttention.step');
    return tidyObject((): StepOutput<Seq2SeqAttentionState> => {
      const e = this.decoder.embed(tensor1d(tokens, 'int32'));
      const mem: DecoderMemory = { memory: state.memory, keys: state.keys, projected: state.projected, mask: state.mask };
      const carry: DecoderCarry = {
        hidden: unstackLayers(state.hidden),
        cell: state.cell ? unstackLayers(state.cell) : null,
        feed: state.feed,
      };
      const r = this.decoder.step(e, carry, mem, this.decoder.prepare());
      const next = this.packState({ ...mem, memory: mem.memory.clone(), keys: mem.keys.clone(), projected: mem.projected.clone(), mask: mem.mask.clone() }, r.carry);
      return { logits: this.decoder.logits(r.out), attention: r.weights, state: next };
    });
  }

  /** {@link StepModel.selectRows}. */
  selectRows(state: Seq2SeqAttentionState, indices: Int32Array): Seq2SeqAttentionState {
    return tidyObject((): Seq2SeqAttentionState => {
      const idx = tensor1d(indices, 'int32');
      return {
        memory: gather(state.memory, idx),
        keys: gather(state.keys, idx),
        projected: gather(state.projected, idx),
        mask: gather(state.mask, idx),
        hidden: gather(state.hidden, idx, 1),
        cell: state.cell ? gather(state.cell, idx, 1) : null,
        feed: state.feed ? gather(state.feed, idx) : null,
      };
    });
  }

  /** {@link StepModel.disposeState}. */
  disposeState(state: Seq2SeqAttentionState): void {
    dispose([state.memory, state.keys, state.projected, state.mask, state.hidden, ...(state.cell ? [state.cell] : []), ...(state.feed ? [state.feed] : [])]);
  }

  /** Encoder, keys and the decoder's first carry (inside the caller's tidy). */
  private encodeAll(src: Tensor, lengths: number[]): { mem: DecoderMemory; carry: DecoderCarry } {
    const enc = this.encoder.forward(src, lengths);
    const mem = this.decoder.attend(enc.memory, notEqual(src, this.config.padId));
    const N = src.shape[0]!;
    const carry = this.decoder.initialCarry(unstackLayers(enc.hidden), enc.cell ? unstackLayers(enc.cell) : null, () => zeros([N, this.config.hiddenSize]));
    return { mem, carry };
  }

  private packState(mem: DecoderMemory, carry: DecoderCarry): Seq2SeqAttentionState {
    return {
      ...mem,
      hidden: stackLayers(carry.hidden),
      cell: carry.cell ? stackLayers(carry.cell) : null,
      feed: carry.feed,
    };
  }

  /** Each row's real length: given, or the tokens before the first pad (which must only trail). */
  private sourceLengths(src: Tensor, given: readonly number[] | undefined): number[] {
    const [N, S] = src.shape as [number, number];
    if (given) {
      if (given.length !== N) throw new ShapeError('srcLengths', [N], [given.length], 'Seq2SeqAttention');
      given.forEach((l, i) => {
        if (!Number.isInteger(l) || l < 1 || l > S) throw new ValueError(`Seq2SeqAttention: srcLengths[${i}] must be an integer in [1, ${S}], got ${l}`);
      });
      return [...given];
    }
    const ids = readSyncIfSafe(src);
    if (!ids) throw new ValueError('Seq2SeqAttention: src cannot be read synchronously on this backend (WebGPU): pass srcLengths');
    const pad = this.config.padId;
    const lengths: number[] = [];
    for (let i = 0; i < N; i++) {
      let len = 0;
      while (len < S && ids[i * S + len] !== pad) len++;
      for (let j = len; j < S; j++) {
        if (ids[i * S + j] !== pad) throw new ValueError(`Seq2SeqAttention: src row ${i} has a token at position ${j} after padding (pad id ${pad}) at ${len}; padding must only trail`);
      }
      if (len === 0) throw new ValueError(`Seq2SeqAttention: src row ${i} is all padding; every source needs at least one token`);
      lengths.push(len);
    }
    return lengths;
  }

  private checkIds(name: string, ids: Tensor): void {
    const ctx = 'Seq2SeqAttention';
    if (ids.rank !== 2) throw new ShapeError(name, [null, null], ids.shape, ctx);
    checkDtype(name, ids, 'int32', ctx);
    if (ids.shape[0] === 0 || ids.shape[1] === 0) throw new ShapeError(name, '[N >= 1, length >= 1]', ids.shape, ctx);
    if (ids.shape[1]! > this.config.maxLen) throw new ShapeError(name, `[N, <= ${this.config.maxLen}] (config.maxLen)`, ids.shape, ctx);
  }
}

/**
 * Each row's most likely token as a fresh int32 tensor `[N]`, made from host values so that the
 * tape has no path from it back to the logits: the choice carries no gradient (the tutorial's
 * `.detach()`), and the embedding's padding mask (`notEqual`, which has no gradient in tfjs) is
 * never asked for one.
 */
function hostArgMax(logits: Tensor): Tensor {
  const ids = tidy(() => argMax(logits, -1));
  const values = readSyncIfSafe(ids);
  ids.dispose();
  if (!values) throw new ValueError('Seq2SeqAttention: teacherForcingRatio < 1 reads each prediction on the host, which is unsafe on WebGPU; train with ratio 1 there');
  return tensor1d(Int32Array.from(values), 'int32');
}

/** `[L, N, H]` -> L tensors `[N, H]` (no `unstack` for L = 1: its gradient breaks there). */
function unstackLayers(x: Tensor): Tensor[] {
  return x.shape[0] === 1 ? [squeeze(x, [0])] : unstack(x);
}

/** L tensors `[N, H]` -> `[L, N, H]`. */
function stackLayers(xs: Tensor[]): Tensor {
  return xs.length === 1 ? expandDims(xs[0]!, 0) : stack(xs);
}
