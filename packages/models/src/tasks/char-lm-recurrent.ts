/**
 * Building blocks shared by the character-level RNN task models (`CharLM`,
 * `NameClassifier`, `NameGenerator`): the choice of cell, hyperparameter checks, id
 * checks that name the argument, and the recurrent state the decoders carry between steps.
 * @module
 */
import { checkDtype, readSyncIfSafe, ShapeError, ValueError, type Generator } from '@seqlab/core';
import { GRU, LSTM, RNN } from '@seqlab/recurrent';
import { dispose, gather, tensor1d, tidy, type Tensor, type TensorContainer } from '@tensorflow/tfjs-core';

/** The recurrent cell of a task model: Elman RNN (tanh), LSTM or GRU, with PyTorch semantics. */
export type RecurrentCell = 'rnn' | 'lstm' | 'gru';

/** A sequence layer of @seqlab/recurrent, as the task models build it (batch-first). */
export type RecurrentLayer = RNN | LSTM | GRU;

/**
 * A recurrent state between calls or decoding steps: `h` (and `c` for an LSTM), each
 * `[numLayers, rows, hiddenSize]` — PyTorch's `h_n` / `c_n` layout.
 */
export interface RecurrentState {
  h: Tensor;
  /** The LSTM cell state; absent for RNN and GRU. */
  c?: Tensor;
}

const CELLS: readonly RecurrentCell[] = ['rnn', 'lstm', 'gru'];

/** Throws a ValueError unless `cell` is one of 'rnn' | 'lstm' | 'gru'. */
export function checkCell(cell: unknown, context: string): RecurrentCell {
  if (!CELLS.includes(cell as RecurrentCell)) {
    throw new ValueError(`${context}: config.cell must be one of 'rnn', 'lstm', 'gru', got ${JSON.stringify(cell)}`);
  }
  return cell as RecurrentCell;
}

/** Throws a ValueError unless `value` is an integer >= `min` (config fields). */
export function checkInt(name: string, value: unknown, context: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${context}: config.${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Throws a ValueError unless `p` is a probability in [0, 1) (config.dropout). */
export function checkDropout(p: unknown, context: string): number {
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new ValueError(`${context}: config.dropout must be in [0, 1), got ${JSON.stringify(p)}`);
  return p;
}

/** The config fields the padded-vocabulary RNN task models (NameClassifier, NameGenerator) share. */
export interface PaddedRecurrentConfig {
  /** Characters in the vocabulary (rows of the embedding), special tokens included. */
  vocabSize: number;
  /** Padding id: its embedding row stays zero and gets no gradient. */
  padId: number;
  /** Recurrent cell. */
  cell: RecurrentCell;
  /** Embedding size (default 64). */
  embeddingDim?: number;
  /** Hidden units, per direction (default 128). */
  hiddenSize?: number;
  /** Stacked recurrent layers (default 1). */
  numLayers?: number;
  /** Dropout between recurrent layers and before the output layer, in train mode (default 0). */
  dropout?: number;
}

/** Checks those fields and fills their defaults (embedding 64, hidden 128, 1 layer, no dropout). */
export function checkPaddedRecurrentConfig(cfg: PaddedRecurrentConfig, context: string): Required<PaddedRecurrentConfig> {
  const c = {
    vocabSize: checkInt('vocabSize', cfg.vocabSize, context),
    padId: checkInt('padId', cfg.padId, context, 0),
    cell: checkCell(cfg.cell, context),
    embeddingDim: checkInt('embeddingDim', cfg.embeddingDim ?? 64, context),
    hiddenSize: checkInt('hiddenSize', cfg.hiddenSize ?? 128, context),
    numLayers: checkInt('numLayers', cfg.numLayers ?? 1, context),
    dropout: checkDropout(cfg.dropout ?? 0, context),
  };
  if (c.padId >= c.vocabSize) throw new ValueError(`${context}: config.padId must be in [0, ${c.vocabSize}) (vocabSize), got ${c.padId}`);
  return c;
}

/** Builds the batch-first sequence layer of `cell` (an RNN uses tanh, as PyTorch's default). */
export function makeRecurrent(
  cell: RecurrentCell,
  inputSize: number,
  hiddenSize: number,
  opts: { numLayers: number; dropout: number; bidirectional?: boolean; rng?: Generator },
): RecurrentLayer {
  const o = { numLayers: opts.numLayers, dropout: opts.dropout, bidirectional: opts.bidirectional ?? false, batchFirst: true, ...(opts.rng ? { rng: opts.rng } : {}) };
  if (cell === 'lstm') return new LSTM(inputSize, hiddenSize, o);
  if (cell === 'gru') return new GRU(inputSize, hiddenSize, o);
  return new RNN(inputSize, hiddenSize, o);
}

/**
 * Checks token ids: an int32 tensor of rank `rank` whose values lie in `[0, vocab)`. Values are
 * read on the host where that is safe (not WebGPU, see `canReadSync` of @seqlab/core), so an id
 * past the vocabulary is a clear error instead of a silent zero row or a kernel fault.
 * @throws ShapeError for a wrong rank, dtype or an empty tensor; ValueError naming the first bad id.
 */
export function checkIds(name: string, ids: Tensor, vocab: number, context: string, rank = 2): void {
  if (ids.rank !== rank) throw new ShapeError(name, rank === 1 ? [null] : new Array<null>(rank).fill(null), ids.shape, context);
  checkDtype(name, ids, 'int32', context);
  if (ids.size === 0) throw new ShapeError(name, 'a non-empty tensor', ids.shape, context);
  checkIdValues(name, readSyncIfSafe(ids), ids.shape, vocab, context);
}

/** The id range check of {@link checkIds} on host values (`null`: not readable, skipped). */
export function checkIdValues(name: string, data: ArrayLike<number> | null, shape: readonly number[], vocab: number, context: string): void {
  if (!data) return;
  for (let i = 0; i < data.length; i++) {
    const id = data[i]!;
    if (!(id >= 0 && id < vocab)) {
      throw new ValueError(`${context}: ${name}[${unravel(i, shape).join(', ')}] = ${id} is out of range [0, ${vocab})`);
    }
  }
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = flat % shape[k]!;
    flat = Math.floor(flat / shape[k]!);
  }
  return idx;
}

/**
 * Checks a caller-supplied state against the expected `[layers, rows, hidden]` shape (and that an
 * LSTM state carries `c`, and only an LSTM's does).
 */
export function checkState(state: RecurrentState, cell: RecurrentCell, expected: [number, number, number], context: string, name = 'state'): void {
  const same = (t: Tensor) => t.rank === 3 && t.shape.every((d, i) => d === expected[i]);
  if (!same(state.h)) throw new ShapeError(`${name}.h`, expected, state.h.shape, context);
  if (cell === 'lstm') {
    if (!state.c) throw new ValueError(`${context}: ${name}.c is required for an LSTM (shape [${expected.join(', ')}])`);
    if (!same(state.c)) throw new ShapeError(`${name}.c`, expected, state.c.shape, context);
  } else if (state.c) {
    throw new ValueError(`${context}: ${name}.c is only valid for an LSTM, but the cell is '${cell}'`);
  }
}

/** Rows `indices` of a state (axis 1 of `h` / `c`), for beam search. Does not dispose `state`. */
export function selectStateRows(state: RecurrentState, indices: Int32Array): RecurrentState {
  return tidy(() => {
    const idx = tensor1d(indices, 'int32');
    return { h: gather(state.h, idx, 1), ...(state.c ? { c: gather(state.c, idx, 1) } : {}) };
  });
}

/** Frees a state's tensors. */
export function disposeRecurrentState(state: RecurrentState): void {
  dispose([state.h, ...(state.c ? [state.c] : [])]);
}

/** Checks a decoding step's tokens: one id per state row, each in `[0, vocab)`. */
export function checkTokens(tokens: Int32Array, rows: number, vocab: number, context: string): void {
  if (tokens.length !== rows) throw new ShapeError('tokens', [rows], [tokens.length], context);
  checkIdValues('tokens', tokens, [tokens.length], vocab, context);
}

/**
 * `tf.tidy` for a function returning an interface of tensors (tfjs's `TensorContainer` type only
 * accepts types with an index signature; the run-time behaviour is the same: the returned
 * tensors are kept, everything else created inside is freed).
 */
export function tidyState<T>(fn: () => T): T {
  return tidy(fn as unknown as () => TensorContainer) as unknown as T;
}
