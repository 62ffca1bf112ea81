// Greedy decoding of 128 tokens with TransformerSeq2Seq (d=256, 4 heads, 3+3 layers, source of
// 32 tokens) on the wasm backend: the KV cache of TransformerSeq2Seq.step (self-attention keys
// and values extended by one position per step, memory keys/values projected once) vs a full
// recompute of the decoder over the whole prefix at every step. Both must pick the same tokens.
//
//   npx -y pnpm@10.34.9 --filter @seqlab/models... build && node packages/models/bench/transformer-seq2seq-decode.bench.mjs
//   (BENCH_TOKENS=128 by default)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Generator } from '@seqlab/core';
import { TransformerSeq2Seq } from '@seqlab/models';
import { table } from '@seqlab/bench';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
const NEW = Number(process.env.BENCH_TOKENS ?? 128);
const S = 32;
const V = 1000;
// EOS id -1 never occurs: every run decodes exactly NEW tokens.
const m = new TransformerSeq2Seq({ srcVocab: V, tgtVocab: V, padId: 0, dModel: 256, nhead: 4, numEncoderLayers: 3, numDecoderLayers: 3, dropout: 0, maxLen: NEW + 1, rng: new Generator(0) }).eval();
const rng = new Generator(1);
const src = tf.tensor2d(Int32Array.from({ length: S }, () => 1 + rng.int(V - 1)), [1, S], 'int32');

async function cached() {
  const out = [];
  const initial = m.encode(src);
  let state = initial;
  let token = 1;
  for (let i = 0; i < NEW; i++) {
    const r = m.step(Int32Array.of(token), state);
    const id = tf.tidy(() => tf.argMax(r.logits, -1));
    token = (await id.data())[0];
    tf.dispose([id, r.logits, r.attention]);
    if (state !== initial) m.disposeState(state);
    state = r.state;
    out.push(token);
  }
  m.disposeState(state);
  m.disposeState(initial);
  return out;
}

async function recompute() {
  const out = [];
  const prefix = [1];
  for (let i = 0; i < NEW; i++) {
    const id = tf.tidy(() => {
      const logits = m.forward(src, tf.tensor2d([prefix], [1, prefix.length], 'int32'));
      return tf.argMax(tf.slice(logits, [0, prefix.length - 1, 0], [1, 1, V]), -1);
    });
    const token = (await id.data())[0];
    id.dispose();
    prefix.push(token);
    out.push(token);
  }
  return out;
}

/** No cache, encoder memory reused: the decoder re-runs over the whole prefix every step. */
async function decoderRecompute() {
  const out = [];
  const prefix = [1];
  const memory = tf.tidy(() => m.transformer.encode(m.pos.forward(tf.mul(m.srcEmbed.forward(src), Math.sqrt(256))), { srcKeyPaddingMask: tf.equal(src, 0) }));
  const pad = tf.equal(src, 0);
  for (let i = 0; i < NEW; i++) {
    const id = tf.tidy(() => {
      const y = m.pos.forward(tf.mul(m.tgtEmbed.forward(tf.tensor2d([prefix], [1, prefix.length], 'int32')), Math.sqrt(256)));
      const h = m.transformer.decoder.forward(y, memory, { tgtIsCausal: true, memoryKeyPaddingMask: pad });
      const last = tf.slice(h, [0, prefix.length - 1, 0], [1, 1, 256]);
      return tf.argMax(tf.reshape(m.generator.forward(last), [1, V]), -1);
    });
    const token = (await id.data())[0];
    id.dispose();
    prefix.push(token);
    out.push(token);
  }
  tf.dispose([memory, pad]);
  return out;
}

await cached(); // warm-up: kernels compiled, memory grown
let t0 = performance.now();
const a = await cached();
const msCached = performance.now() - t0;
t0 = performance.now();
const b = await recompute();
const msFull = performance.now() - t0;
t0 = performance.now();
const c = await decoderRecompute();
const msDec = performance.now() - t0;
const same = a.every((t, i) => t === b[i] && t === c[i]);
table([
  { mode: 'KV cache (TransformerSeq2Seq.step)', 'ms total': msCached.toFixed(0), 'tokens/s': ((NEW / msCached) * 1000).toFixed(1), 'speed-up': '1.0x' },
  { mode: 'no cache: decoder over the prefix, memory reused', 'ms total': msDec.toFixed(0), 'tokens/s': ((NEW / msDec) * 1000).toFixed(1), 'speed-up': `${(msDec / msCached).toFixed(1)}x` },
  { mode: 'no cache: forward(src, prefix) every step', 'ms total': msFull.toFixed(0), 'tokens/s': ((NEW / msFull) * 1000).toFixed(1), 'speed-up': `${(msFull / msCached).toFixed(1)}x` },
]);
console.log(`KV cache speed-up ${(msDec / msCached).toFixed(1)}x (vs decoder recompute) / ${(msFull / msCached).toFixed(1)}x (vs full forward); identical tokens: ${same}`);
src.dispose();
m.dispose();
if (!same) process.exit(1);
