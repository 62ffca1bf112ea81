// Shared helpers for benchmark scripts: timing with warm-up, the PyTorch peer, table output.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';

/**
 * Runs `fn` (sync or async) repeatedly for at least `minMs` after `warmup` calls and returns
 * the mean milliseconds per call.
 */
export async function timeIt(fn, { warmup = 3, minMs = 1500, minIters = 5 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  let iters = 0;
  const start = performance.now();
  while (iters < minIters || performance.now() - start < minMs) {
    await fn();
    iters++;
  }
  return (performance.now() - start) / iters;
}

/**
 * Debian's torch uses whatever libblas.so.3 the alternatives system points at; the reference BLAS
 * is ~20x slower than OpenBLAS and would make every PyTorch ratio meaningless. Warn when it is.
 */
function warnIfReferenceBlas() {
  try {
    const target = readlinkSync('/etc/alternatives/libblas.so.3-x86_64-linux-gnu');
    if (!/openblas|mkl|blis/.test(target)) {
      console.log(`WARNING: PyTorch's BLAS is ${target} (reference BLAS): apt-get install libopenblas0-pthread for a fair peer`);
    }
  } catch {
    // Another architecture or layout: nothing to check.
  }
}

/** True when Debian's python3 can import torch (the PyTorch CPU peer). */
export function torchAvailable() {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Runs a Python snippet with Debian's interpreter and parses the JSON it prints last.
 * Returns null (and says why) when torch is not importable.
 */
export function runTorch(code) {
  if (!torchAvailable()) {
    console.log('PyTorch peer skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch)');
    return null;
  }
  warnIfReferenceBlas();
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`PyTorch peer failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Prints rows as an aligned table. */
export function table(rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((v, i) => String(v).padEnd(width[i])).join('  ');
  console.log(line(cols));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

/** Median wall time (ms) of `fn` over `reps` runs after one warm-up (for steps too slow for {@link timeIt}). */
export async function medianMs(fn, reps) {
  await fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

/**
 * GFLOP/s of a 1024x1024 matMul on tfjs's current backend: the roofline that benchmarks divide
 * their step's matmul FLOPs by (roofline efficiency = achieved / this).
 */
export async function matmulGflops(tf, reps = 5) {
  const n = 1024;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const ms = await medianMs(async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }, reps);
  tf.dispose([a, b]);
  return (2 * n ** 3) / (ms * 1e6);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times a training `step` and the 1024x1024 matMul probe in turns: `rounds` rounds of one probe
 * (median of 3) then `stepsPerRound` steps, after `warmup` steps. On a shared machine whose speed
 * drifts during a run, the step and the rate it is divided by are then measured under the same
 * load. Returns the median step time (ms), the median probe rate (GFLOP/s) and the roofline
 * efficiency as the median over rounds of `(flops / probe rate) / step time`.
 */
export async function timeWithRoofline(tf, step, flops, { rounds = 5, stepsPerRound = 1, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) await step();
  const ms = [];
  const rates = [];
  const roofs = [];
  for (let r = 0; r < rounds; r++) {
    const rate = await matmulGflops(tf, 3);
    const t0 = performance.now();
    for (let i = 0; i < stepsPerRound; i++) await step();
    const t = (performance.now() - t0) / stepsPerRound;
    ms.push(t);
    rates.push(rate);
    roofs.push(flops / (rate * 1e9) / (t / 1000));
  }
  return { ms: median(ms), gflops: median(rates), roofline: median(roofs), msRange: [Math.min(...ms), Math.max(...ms)], rooflineRange: [Math.min(...roofs), Math.max(...roofs)] };
}
