import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { normal, manualSeed } from '@seqlab/core';
tf.env().set('PROD', true);
const out = {};
for (const b of ['cpu', 'wasm']) {
  await tf.setBackend(b);
  manualSeed(1);
  const a = normal([5, 8]), w = normal([10, 8]), bias = normal([10]);
  const r = {
    mm: tf.matMul(a, w, false, true), mmT: tf.matMul(a, tf.transpose(w)),
    fusedNoBias: tf.fused.matMul({a, b: w, transposeB: true}),
    fusedBias: tf.fused.matMul({a, b: w, transposeB: true, bias}),
    fusedBiasNoT: tf.fused.matMul({a, b: tf.transpose(w), bias}),
  };
  const v = tf.variable(w);
  r.varmm = tf.matMul(a, v, false, true);
  r.varfused = tf.fused.matMul({a, b: v, transposeB: true, bias});
  out[b] = Object.fromEntries(Object.entries(r).map(([k, t]) => [k, Array.from(t.dataSync())]));
}
for (const k of Object.keys(out.cpu)) { const a = out.cpu[k], w = out.wasm[k]; console.log(k, Math.max(...a.map((x, i) => Math.abs(x - w[i])))); }
