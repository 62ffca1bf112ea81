import * as tf from '@tensorflow/tfjs-core';
import type { StepModel, StepOutput } from './types.js';

/**
 * A toy model for decoder tests whose next-token logits depend on the previous token AND on a
 * per-row state (the running sum of emitted tokens), so a decoder that reorders rows wrongly
 * gets different answers. Also returns a fake attention row.
 */
export class MarkovModel implements StepModel<tf.Tensor> {
  constructor(
    readonly table: number[][],
    readonly stateWeight = 0.3,
  ) {}

  get vocab(): number {
    return this.table.length;
  }

  initialState(rows: number): tf.Tensor {
    return tf.zeros([rows], 'int32');
  }

  /** The logits the model gives after `prev` with running sum `sum` (host mirror, for oracles). */
  logitsFor(prev: number, sum: number): number[] {
    return this.table[prev]!.map((v, j) => v + (j === sum % this.vocab ? this.stateWeight : 0));
  }

  step(tokens: Int32Array, state: tf.Tensor): StepOutput<tf.Tensor> {
    return tf.tidy(() => {
      const prev = tf.tensor1d(tokens, 'int32');
      const base = tf.gather(tf.tensor2d(this.table), prev);
      const bonus = tf.mul(tf.oneHot(tf.mod(state, tf.scalar(this.vocab, 'int32')), this.vocab), this.stateWeight);
      const logits = tf.add(base, bonus);
      const attention = tf.softmax(tf.cast(tf.stack([prev, state], 1), 'float32'));
      return { logits, state: tf.add(state, prev), attention };
    });
  }

  selectRows(state: tf.Tensor, indices: Int32Array): tf.Tensor {
    return tf.tidy(() => tf.gather(state, tf.tensor1d(indices, 'int32')));
  }

  disposeState(state: tf.Tensor): void {
    state.dispose();
  }
}
