// One optimizer step on the wasm backend over a parameter set shaped like the Seq2Seq benchmark
// model's (packages/models/bench/seq2seq-attention.bench.mjs: 3000-word vocabularies, H = E = 256,
// GRU): AdamW with its fused WebAssembly SIMD kernel (one kernel per variable), the same AdamW on
// its tfjs-op path (useFusedAdamKernel(false): ~12 element-wise kernels per variable), and tfjs's
// own tf.train.adam as the peer. Timed in interleaved turns in one process, best of each.
// Run (after building): node packages/train/bench/adamw.bench.mjs [--quick]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { AdamW, useFusedAdamKernel } from '@seqlab/train';
import { table, timeIt } from '@seqlab/bench';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
const quick = process.argv.includes('--quick');

// Embeddings and generator [3000, 256]; GRU weights [768, 256]; projections [256, 256]; biases.
const SHAPES = [
  ...Array(3).fill([3000, 256]),
  ...Array(4).fill([768, 256]),
  ...Array(2).fill([256, 256]),
  ...Array(4).fill([768]),
  ...Array(2).fill([256]),
  [3000],
];
const numel = SHAPES.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
const vars = SHAPES.map((s) => tf.variable(tf.randomNormal(s)));
const grads = Object.fromEntries(vars.map((v) => [v.name, tf.mul(tf.randomNormal(v.shape), 1e-2)]));

// The fused kernel and the op path are the same AdamW object kind; the switch is read per step.
const contenders = [
  ['AdamW, fused SIMD kernel', new AdamW({ lr: 1e-3 }), true],
  ['AdamW, tfjs ops', new AdamW({ lr: 1e-3 }), false],
  ['tf.train.adam (peer)', tf.train.adam(1e-3), true],
];
const ms = new Map(contenders.map(([name]) => [name, Infinity]));
for (let round = 0; round < (quick ? 1 : 3); round++) {
  for (const [name, opt, fused] of contenders) {
    useFusedAdamKernel(fused);
    const t = await timeIt(async () => {
      opt.applyGradients(grads);
      await vars.at(-1).data(); // wasm kernels are synchronous; a small read keeps the loop honest
    }, { warmup: 2, minMs: quick ? 200 : 800 });
    ms.set(name, Math.min(ms.get(name), t));
  }
}
useFusedAdamKernel(true);
for (const [, opt] of contenders) opt.dispose();
tf.dispose([...vars, ...Object.values(grads)]);

const fusedMs = ms.get('AdamW, fused SIMD kernel');
const opsMs = ms.get('AdamW, tfjs ops');
const adamMs = ms.get('tf.train.adam (peer)');
console.log(`\none optimizer step, wasm backend, ${SHAPES.length} variables, ${numel} parameters (Seq2Seq-shaped)`);
table(contenders.map(([name]) => ({
  optimizer: name,
  'ms / step': ms.get(name).toFixed(2),
  'speed vs AdamW ops': `${(opsMs / ms.get(name)).toFixed(2)}x`,
  'speed vs tf.adam': `${(adamMs / ms.get(name)).toFixed(2)}x`,
  // p, m, v, g read and p', m', v' written once: 28 bytes per parameter at the least.
  'GB/s (28 B/param)': ((28 * numel) / (ms.get(name) * 1e6)).toFixed(1),
})));
console.log(`fused AdamW: ${(opsMs / fusedMs).toFixed(2)}x the op path, ${(adamMs / fusedMs).toFixed(2)}x tf.train.adam`);
