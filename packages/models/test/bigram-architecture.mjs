// A tiny architecture for bundle tests, as plain ESM so a fresh Node process can load it too.
import * as tf from '@tensorflow/tfjs-core';
import { Embedding, Linear, Module } from '@seqlab/core';
import { ArchitectureRegistry } from '@seqlab/models';

export class Bigram extends Module {
  constructor(vocab, dim) {
    super();
    this.embed = this.addModule('embed', new Embedding(vocab, dim));
    this.out = this.addModule('out', new Linear(dim, vocab));
  }
  forward(ids) {
    return tf.tidy(() => this.out.forward(this.embed.forward(ids)));
  }
}

export const registry = new ArchitectureRegistry().register('bigram', (c) => new Bigram(c.architecture.vocab, c.architecture.dim));

/** A minimal HF tokenizer.json with a word-level vocabulary of `n` tokens. */
export function wordLevelTokenizer(n) {
  const vocab = Object.fromEntries(Array.from({ length: n }, (_, i) => [`w${i}`, i]));
  return JSON.stringify({ version: '1.0', added_tokens: [], normalizer: null, pre_tokenizer: { type: 'Whitespace' }, post_processor: null, decoder: null, model: { type: 'WordLevel', vocab, unk_token: 'w0' } });
}
