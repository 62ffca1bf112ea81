// Test helpers (not built; id checks off because host readbacks are slow on GPU backends): a tiny next-token model from core's Embedding + Linear, and
// deterministic data per epoch.
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, Embedding, Generator, Linear, Module } from '@seqlab/core';
import type { StepContext } from './events.js';

export const VOCAB = 7;

export class TinyLM extends Module {
  readonly emb: Embedding;
  readonly out: Linear;
  constructor(seed = 1, dim = 5) {
    super();
    const rng = new Generator(seed);
    this.emb = this.addModule('emb', new Embedding(VOCAB, dim, { rng, checkIds: false }));
    this.out = this.addModule('out', new Linear(dim, VOCAB, { rng }));
  }
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.out.forward(tf.tanh(this.emb.forward(ids))));
  }
}

/** A batch: ids [B, T]; the target of each token is the next id modulo VOCAB. */
export interface TinyBatch {
  ids: number[][];
}

export function tinyData(seed: number, batches = 4, b = 3, t = 4): (epoch: number) => TinyBatch[] {
  return (epoch) => {
    const rng = new Generator(`${seed}:${epoch}`);
    return Array.from({ length: batches }, () => ({ ids: Array.from({ length: b }, () => Array.from({ length: t }, () => rng.int(VOCAB))) }));
  };
}

export function tinyLoss(model: TinyLM, labelSmoothing = 0) {
  return (batch: TinyBatch, _ctx: StepContext) => {
    const ids = tf.tensor2d(batch.ids, undefined, 'int32');
    const targets = tf.tensor2d(batch.ids.map((r) => r.map((x) => (x + 1) % VOCAB)), undefined, 'int32');
    const loss = crossEntropy(model.forward(ids), targets, { labelSmoothing, checkTargets: false }) as tf.Scalar;
    return { loss, tokens: ids.size };
  };
}
