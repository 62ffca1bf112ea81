// Multi-head attention forward+backward on the wasm backend: seqlab's MultiHeadAttention vs a
// naive tfjs implementation (tfjs-layers 4.22 does not export a MultiHeadAttention) and PyTorch
// CPU (Debian python3-torch via /usr/bin/python3, when it imports), measured in one run.
//
//   npx -y pnpm@10.34.9 --filter @seqlab/attention... build && node packages/attention/bench/mha.bench.mjs
//
// Roofline efficiency = (the step's matmul FLOPs / the wasm 1024x1024 matMul GFLOP/s measured in
// this run) / measured step time: the fraction of the machine's wasm GEMM speed the step reaches.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { MultiHeadAttention } from '@seqlab/attention';
import { manualSeed } from '@seqlab/core';
import { matmulGflops } from '@seqlab/bench';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
await tf.ready();

const D = 256;
const H = 4;
const B = Number(process.env.BENCH_B ?? 2);
const TS = (process.env.BENCH_T ?? '128,256,512').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 5);

/** Matmul FLOPs of one forward (self-attention, in/out projections + the two attention matmuls). */
const forwardFlops = (T) => 2 * B * T * D * 3 * D + 2 * B * T * T * D * 2 + 2 * B * T * D * D;
/** Forward + backward with input and weight gradients: every matmul runs three times. */
const stepFlops = (T) => 3 * forwardFlops(T);

/** Forward+backward of a loss sum(out * w) w.r.t. the input and every parameter. */
async function stepSeqlab(mha, x, w) {
  const { value, grads } = tf.variableGrads(() => {
    const { output } = mha.forward(x, x, x, { isCausal: true, needWeights: false });
    return tf.sum(tf.mul(output, w));
  }, [x, ...mha.parameters()]);
  await value.data();
  tf.dispose([value, ...Object.values(grads)]);
}

/**
 * The obvious tfjs-core implementation (what a user writes without seqlab): separate q/k/v
 * projections, a loop over heads with slices, tf.softmax on masked scores, concat, output
 * projection; autodiff through everything.
 */
function naiveParams() {
  const u = (shape) => tf.variable(tf.randomUniform(shape, -0.1, 0.1));
  return { wq: u([D, D]), wk: u([D, D]), wv: u([D, D]), bq: u([D]), bk: u([D]), bv: u([D]), wo: u([D, D]), bo: u([D]) };
}
function naiveForward(p, x, T) {
  const hd = D / H;
  const x2 = tf.reshape(x, [B * T, D]);
  const proj = (w, b) => tf.reshape(tf.add(tf.matMul(x2, w), b), [B, T, D]);
  const q = proj(p.wq, p.bq);
  const k = proj(p.wk, p.bk);
  const v = proj(p.wv, p.bv);
  const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);
  const heads = [];
  for (let h = 0; h < H; h++) {
    const qh = tf.slice(q, [0, 0, h * hd], [B, T, hd]);
    const kh = tf.slice(k, [0, 0, h * hd], [B, T, hd]);
    const vh = tf.slice(v, [0, 0, h * hd], [B, T, hd]);
    const s = tf.add(tf.div(tf.matMul(qh, kh, false, true), Math.sqrt(hd)), mask);
    heads.push(tf.matMul(tf.softmax(s), vh));
  }
  const merged = tf.reshape(tf.concat(heads, -1), [B * T, D]);
  return tf.reshape(tf.add(tf.matMul(merged, p.wo), p.bo), [B, T, D]);
}
async function stepNaive(p, x, w, T) {
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(naiveForward(p, x, T), w)), [x, ...Object.values(p)]);
  await value.data();
  tf.dispose([value, ...Object.values(grads)]);
}

/**
 * PyTorch as a coprocess: it answers "T threads" lines with the time (ms) of one step, so its
 * steps interleave with ours and see the same machine load.
 */
const TORCH_SERVER = `
import os, sys, time, torch
B, D, H = ${B}, ${D}, ${H}
cache = {}
print(torch.__version__, os.cpu_count() or 1, flush=True)
for line in sys.stdin:
    T, threads = map(int, line.split())
    torch.set_num_threads(threads)
    if T not in cache:
        m = torch.nn.MultiheadAttention(D, H, batch_first=True)
        x = torch.randn(B, T, D, requires_grad=True)
        cache[T] = (m, x, torch.randn(B, T, D), torch.triu(torch.ones(T, T, dtype=torch.bool), 1))
    m, x, w, mask = cache[T]
    t0 = time.perf_counter()
    m.zero_grad(); x.grad = None
    o, _ = m(x, x, x, attn_mask=mask, need_weights=False)
    (o * w).sum().backward()
    print((time.perf_counter() - t0) * 1000, flush=True)
`;

function startTorch() {
  const proc = spawn('/usr/bin/python3', ['-c', TORCH_SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: proc.stdout });
  const queue = [];
  lines.on('line', (l) => queue.shift()?.(l));
  const next = () => new Promise((resolve) => queue.push(resolve));
  const failed = new Promise((resolve) => {
    proc.on('error', (e) => resolve(e.message));
    proc.on('exit', (code) => resolve(`exit ${code}`));
  });
  return Promise.race([next(), failed.then((e) => ({ error: e }))]).then((first) => {
    if (typeof first !== 'string') return { error: first.error };
    const [version, cpus] = first.split(' ');
    return {
      version,
      threads: [...new Set([1, Number(cpus)])],
      step: async (T, threads) => {
        const p = next();
        proc.stdin.write(`${T} ${threads}\n`);
        return Number(await p);
      },
      close: () => proc.stdin.end(),
    };
  });
}

manualSeed(0);
const gflops = await matmulGflops(tf);
console.log(`wasm matMul 1024x1024 at start: ${gflops.toFixed(2)} GFLOP/s (tfjs-backend-wasm ${tf.version_core}, threads: ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'available' : 'no'})`);
const torch = await startTorch();
if (torch.error) console.log(`PyTorch: not measured (${torch.error})`);
const torchThreads = torch.error ? '-' : torch.threads.join('/');

/**
 * The machine is shared: to keep ratios honest under changing load, each repetition times the
 * 1024x1024 matMul, seqlab and the naive peer back to back, and each figure is the median.
 */
const rows = [];
const torchAll = {};
for (const T of TS) {
  const mha = new MultiHeadAttention(D, H, { batchFirst: true });
  const x = tf.variable(tf.randomNormal([B, T, D]));
  const w = tf.randomNormal([B, T, D]);
  const p = naiveParams();
  const a = tf.randomNormal([1024, 1024]);
  const gemm = async () => {
    const c = tf.matMul(a, a);
    await c.data();
    c.dispose();
  };
  const runs = { gemm: [], ours: [], naive: [] };
  const fns = { gemm, ours: () => stepSeqlab(mha, x, w), naive: () => stepNaive(p, x, w, T) };
  const torchRuns = Object.fromEntries((torch.threads ?? []).map((th) => [th, []]));
  for (const f of Object.values(fns)) await f(); // warm-up
  for (const th of torch.threads ?? []) await torch.step(T, th);
  for (let r = 0; r < REPS; r++) {
    for (const [k, f] of Object.entries(fns)) {
      const t0 = performance.now();
      await f();
      runs[k].push(performance.now() - t0);
    }
    for (const th of torch.threads ?? []) torchRuns[th].push(await torch.step(T, th));
  }
  const med = (v) => v.sort((m, n) => m - n)[Math.floor(v.length / 2)];
  const [gemmMs, ours, naive] = [med(runs.gemm), med(runs.ours), med(runs.naive)];
  const torchByThreads = Object.fromEntries(Object.entries(torchRuns).map(([th, v]) => [th, med(v)]));
  torchAll[T] = torchByThreads;
  const pt = torch.error ? NaN : Math.min(...Object.values(torchByThreads));
  const gflopsT = (2 * 1024 ** 3) / (gemmMs * 1e6);
  const eff = stepFlops(T) / (gflopsT * 1e9) / (ours / 1e3);
  rows.push({
    T,
    'seqlab ms': ours.toFixed(1),
    'GFLOP/s': (stepFlops(T) / (ours * 1e6)).toFixed(2),
    'wasm GEMM GFLOP/s': gflopsT.toFixed(2),
    roofline: eff.toFixed(2),
    'naive tfjs ms': naive.toFixed(1),
    'vs naive': `${(naive / ours).toFixed(2)}x`,
    [`PyTorch ms (${torchThreads} thr, best)`]: Number.isNaN(pt) ? '-' : pt.toFixed(1),
    'vs PyTorch': Number.isNaN(pt) ? '-' : `${(pt / ours).toFixed(2)}x`,
  });
  mha.dispose();
  tf.dispose([x, w, a, ...Object.values(p)]);
}
console.log(`MultiHeadAttention forward+backward, d=${D}, ${H} heads, B=${B}, causal self-attention, wasm (median of ${REPS})`);
console.table(rows);
if (!torch.error) {
  console.log(`PyTorch ${torch.version} (Debian python3-torch, CPU) median ms by thread count:`, JSON.stringify(torchAll, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(1)) : v)));
  torch.close();
}
