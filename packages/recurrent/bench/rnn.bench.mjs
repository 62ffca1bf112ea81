// Recurrent layers, forward + backward on the wasm backend (B=32, H=256 = input size):
// time per step, roofline efficiency against the wasm matMul GFLOP/s measured in this run,
// and ratios to tfjs-layers (same backend, same process) and to PyTorch CPU (Debian torch).
// Run: node packages/recurrent/bench/rnn.bench.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { LSTM, GRU, RNN } from '@seqlab/recurrent';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
const quick = process.argv.includes('--quick');
const B = 32;
const H = 256;
const Ts = quick ? [20] : [20, 50, 100];
const REPS = quick ? 2 : 3;
const here = dirname(fileURLToPath(import.meta.url));

/**
 * Best wall time (ms) of `fn` over `reps` runs after one warm-up. The minimum, not the median:
 * on a shared machine other processes only ever add time.
 */
async function time(fn, reps = REPS) {
  return (await timeTogether([fn], reps))[0];
}

/**
 * Best wall time (ms) of each function, timed in turns (a, b, a, b, ...) after one warm-up each,
 * so that a ratio between them compares the same moments of a noisy machine.
 */
async function timeTogether(fns, reps = REPS) {
  for (const fn of fns) await fn();
  const best = fns.map(() => Infinity);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < fns.length; i++) {
      const t0 = performance.now();
      await fns[i]();
      best[i] = Math.min(best[i], performance.now() - t0);
    }
  }
  return best;
}

// 1. Peak: a 1024x1024 matMul on this backend, re-measured before each layer (best kept).
let gflops = 0;
async function measurePeak() {
  const a = tf.randomNormal([1024, 1024]);
  const b = tf.randomNormal([1024, 1024]);
  const mmMs = await time(async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }, 5);
  tf.dispose([a, b]);
  gflops = Math.max(gflops, (2 * 1024 ** 3) / (mmMs * 1e6));
  console.log(`wasm matMul 1024x1024: ${mmMs.toFixed(1)} ms = ${((2 * 1024 ** 3) / (mmMs * 1e6)).toFixed(2)} GFLOP/s (best so far ${gflops.toFixed(2)})`);
}
await measurePeak();

/** Matmul FLOPs of one time step, forward + backward (backward = 2x forward: dX and dW). */
const stepFlops = (gates) => 3 * 2 * B * gates * H * (H + H);

/** Forward + backward of one of our layers on x [T, B, H]: `run` and `dispose`. */
function ours(layer, T, path) {
  const x = tf.randomNormal([T, B, H]);
  const run = async () => {
    const { value, grads } = tf.variableGrads(() => {
      const o = layer.forward(x, { path });
      const s = tf.sum(o.output);
      tf.dispose([o.output, o.hN, o.cN ?? []].flat());
      return s;
    }, layer.parameters());
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  return { run, dispose: () => x.dispose() };
}

/** Forward + backward of a tfjs-layers layer (returnSequences) on x [B, T, H]: `run` and `dispose`. */
function peer(kind, T) {
  const layer = kind === 'lstm' ? tfl.layers.lstm({ units: H, returnSequences: true }) : tfl.layers.gru({ units: H, returnSequences: true });
  const x = tf.randomNormal([B, T, H]);
  layer.apply(x).dispose(); // builds the weights
  const vars = layer.trainableWeights.map((w) => w.read());
  const run = async () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x)), vars);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  return { run, dispose: () => { x.dispose(); layer.dispose(); } };
}

// 2. PyTorch CPU, best of 1 and 2 threads.
let torchRes = null;
try {
  const out = execFileSync('/usr/bin/python3', [join(here, 'torch_rnn.py'), String(B), String(H), Ts.join(','), '1,2', String(REPS)], { encoding: 'utf8' });
  torchRes = JSON.parse(out);
} catch (e) {
  console.log(`PyTorch not available (${e.message.split('\n')[0]}): no PyTorch ratio`);
}
const torchBest = (kind, T) => {
  if (!torchRes) return null;
  return Math.min(...Object.values(torchRes.threads).map((r) => r[kind][T]));
};

const rows = [];
for (const [kind, Cls, gates] of [['lstm', LSTM, 4], ['gru', GRU, 3], ['rnn', RNN, 1]]) {
  const layer = new Cls(H, H);
  await measurePeak();
  for (const T of Ts) {
    // Ours and the tfjs-layers peer in turns (2 rounds: the peer takes seconds per run), so
    // their ratio compares the same moments; then ours alone for its best time.
    const fastCase = ours(layer, T, 'fast');
    const peerCase = kind !== 'rnn' && (T === Ts[0] || !quick) && T <= 50 ? peer(kind, T) : null;
    const [fastWithPeer, tfl] = peerCase ? await timeTogether([fastCase.run, peerCase.run], 2) : [Infinity, null];
    const fast = Math.min(fastWithPeer, await time(fastCase.run));
    fastCase.dispose();
    peerCase?.dispose();
    let slow = null;
    if (T === Ts[0]) {
      const slowCase = ours(layer, T, 'slow');
      slow = await time(slowCase.run);
      slowCase.dispose();
    }
    const pt = kind !== 'rnn' ? torchBest(kind, T) : null;
    const perStep = fast / T;
    const roofline = (stepFlops(gates) / (gflops * 1e6)) / perStep;
    rows.push({
      layer: kind, T, 'GFLOP/s peak': gflops.toFixed(1),
      'ms/step': perStep.toFixed(2),
      roofline: roofline.toFixed(2),
      'slow path ms/step': slow ? (slow / T).toFixed(2) : '',
      'x tfjs-layers': tfl ? (tfl / fastWithPeer).toFixed(1) : '',
      'x PyTorch': pt ? (pt / fast).toFixed(2) : '',
      'PyTorch ms/step': pt ? (pt / T).toFixed(2) : '',
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
  layer.dispose();
}
// Efficiency against the best peak of the whole run (a later, quieter measurement can raise it).
for (const r of rows) r.roofline = ((stepFlops({ lstm: 4, gru: 3, rnn: 1 }[r.layer]) / (gflops * 1e6)) / Number(r['ms/step'])).toFixed(2);
console.table(rows);
console.log(`peak used for the roofline: ${gflops.toFixed(2)} GFLOP/s`);
if (torchRes) console.log(`PyTorch ${torchRes.torch}, ms per forward+backward by thread count:`, JSON.stringify(torchRes.threads));
