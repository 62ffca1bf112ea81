import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@seqlab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { GRUCell } from '../cells/gru-cell.js';
import { LSTMCell } from '../cells/lstm-cell.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { RNN } from './rnn.js';

const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true });
const gru = new GRU(3, 4, { batchFirst: true });
const x = tf.zeros([5, 2, 3]);
afterAll(() => {
  lstm.dispose();
  gru.dispose();
  x.dispose();
});

/** Runs `fn` (disposing any tensor it leaves), expecting an error of `type` whose message matches. */
function expectError(fn: () => unknown, type: typeof ShapeError | typeof ValueError, message: RegExp): void {
  const before = tf.memory().numTensors;
  let err: unknown;
  try {
    tf.tidy(() => {
      fn();
    });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(type);
  expect((err as Error).message).toMatch(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe('bad input gives an error naming the argument, expected and actual', () => {
  it('wrong input rank', () => {
    const bad = tf.zeros([5, 2, 3, 1]);
    expectError(() => lstm.forward(bad), ShapeError, /LSTM: input must have shape rank 3 or 2|input must have shape \[\*, \*, 3\], got \[5, 2, 3, 1\]/);
    bad.dispose();
  });
  it('wrong feature size', () => {
    const bad = tf.zeros([5, 2, 7]);
    expectError(() => lstm.forward(bad), ShapeError, /LSTM: input must have shape \[\*, \*, 3\], got \[5, 2, 7\]/);
    bad.dispose();
  });
  it('h0 of the wrong shape', () => {
    const h0 = tf.zeros([2, 2, 4]);
    expectError(() => lstm.forward(x, { h0 }), ShapeError, /h0 must have shape \[4, 2, 4\], got \[2, 2, 4\]/);
    h0.dispose();
  });
  it('c0 of the wrong shape', () => {
    const c0 = tf.zeros([4, 3, 4]);
    expectError(() => lstm.forward(x, { c0 }), ShapeError, /c0 must have shape \[4, 2, 4\], got \[4, 3, 4\]/);
    c0.dispose();
  });
  it('lengths of the wrong shape', () => {
    expectError(() => lstm.forward(x, { lengths: [5, 5, 5] }), ShapeError, /lengths must have shape \[2\], got \[3\]/);
  });
  it('lengths > T or < 1', () => {
    expectError(() => lstm.forward(x, { lengths: [6, 2] }), ValueError, /lengths\[0\] = 6 must be an integer in \[1, 5\]/);
    expectError(() => lstm.forward(x, { lengths: [3, 0] }), ValueError, /lengths\[1\] = 0 must be an integer in \[1, 5\]/);
    expectError(() => lstm.forward(x, { lengths: [2.5, 1] }), ValueError, /lengths\[0\] = 2.5/);
  });
  it('mask of the wrong shape (batch-major [B, T] even with time-major input)', () => {
    const m = tf.ones([5, 2], 'bool');
    expectError(() => lstm.forward(x, { mask: m }), ShapeError, /mask must have shape \[2, 5\], got \[5, 2\]/);
    m.dispose();
  });
  it('a mask that is not a prefix, or empty rows', () => {
    const holes = tf.tensor2d([[1, 0, 1, 0, 0], [1, 1, 1, 1, 1]], [2, 5], 'bool');
    expectError(() => lstm.forward(x, { mask: holes }), ValueError, /mask row 0 must be true for a prefix/);
    const empty = tf.tensor2d([[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]], [2, 5], 'bool');
    expectError(() => lstm.forward(x, { mask: empty }), ValueError, /mask\[0\] = 0/);
    tf.dispose([holes, empty]);
  });
  it('lengths and mask together', () => {
    const m = tf.ones([2, 5], 'bool');
    expectError(() => lstm.forward(x, { mask: m, lengths: [5, 5] }), ValueError, /lengths or mask, not both/);
    m.dispose();
  });
  it('batchFirst layers check [B, T, F] and [B] lengths', () => {
    // x is [5, 2, 3] read batch-first: B = 5, T = 2.
    expectError(() => gru.forward(x, { lengths: [5, 2, 2, 2, 2] }), ValueError, /GRU: lengths\[0\] = 5 must be an integer in \[1, 2\] \(T = 2\)/);
    expectError(() => gru.forward(x, { lengths: [3, 3] }), ShapeError, /lengths must have shape \[5\], got \[2\]/);
  });
  it('cells check input and state', () => {
    const cell = new LSTMCell(3, 4);
    const gc = new GRUCell(3, 4);
    const h = tf.zeros([2, 5]);
    const c = tf.zeros([2, 4]);
    const xb = tf.zeros([2, 3]);
    expectError(() => cell.step(xb, { h, c }), ShapeError, /LSTMCell: h must have shape \[2, 4\], got \[2, 5\]/);
    expectError(() => gc.step(tf.zeros([2, 4])), ShapeError, /GRUCell: input must have shape \[\*, 3\], got \[2, 4\]/);
    expectError(() => gc.step(tf.zeros([3]), c), ShapeError, /GRUCell: h must have shape \[4\], got \[2, 4\]/);
    tf.dispose([h, c, xb]);
    cell.dispose();
    gc.dispose();
  });
  it('bad constructor arguments', () => {
    expect(() => new RNN(3, 4, { nonlinearity: 'sigmoid' as 'tanh' })).toThrow(/nonlinearity must be 'tanh' or 'relu', got 'sigmoid'/);
    expect(() => new LSTM(3, 4, { projSize: 4 })).toThrow(/projSize must be an integer in \[0, hiddenSize\), got 4/);
    expect(() => new GRU(3, 0)).toThrow(/hiddenSize must be a positive integer, got 0/);
    expect(() => new GRU(3, 4, { dropout: 1.5 })).toThrow(/dropout must be in \[0, 1\], got 1.5/);
    expect(() => new LSTM(3, 4, { peephole: true, path: 'fast' })).toThrow(/fast path does not cover/);
  });
});
