// Seq2SeqAttention training on the wasm backend: target tokens/s of a full Adam step (@seqlab/train's
// Adam, torch.optim.Adam's update, as the PyTorch peer uses; forward,
// cross-entropy, backward, update) for the batched version of the PyTorch tutorial's model
// (GRU, H = E = 256, B = 64, source and target length 10 as the tutorial's MAX_LENGTH, 3000-word
// vocabularies), its roofline efficiency (issue 4: the step's matmul FLOPs at the wasm matMul
// GFLOP/s, divided by the measured time; the probe and the steps timed in turns), and the ratio to PyTorch CPU running
// the same equations (tooling/fixtures/models_seq2seq_fixtures.py, best of 1 and 2 threads).
// Run (after building): node packages/models/bench/seq2seq-attention.bench.mjs [--quick]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { crossEntropy, Generator } from '@seqlab/core';
import { Adam } from '@seqlab/train';
import { Seq2SeqAttention } from '@seqlab/models';
import { runTorch, table, timeWithRoofline } from '@seqlab/bench';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
const quick = process.argv.includes('--quick');
const B = 64;
const S = 10;
const T = 10;
const V = 3000;
const base = { srcVocab: V, tgtVocab: V, padId: 0, cell: 'gru', embeddingDim: 256, hiddenSize: 256, numLayers: 1, bidirectional: false, dropout: 0.1, maxLen: 64 };
const configs = [
  { name: 'bahdanau (default attention)', ...base, attention: 'bahdanau' },
  { name: 'luong-general, no input feeding', ...base, attention: 'luong-general', inputFeeding: false },
];
const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = join(here, '..', '..', '..', 'tooling', 'fixtures');

/** Forward matmul FLOPs of one batch (2·m·k·n per product); training is 3x (dX and dW). */
function forwardFlops(c) {
  const H = c.hiddenSize;
  const E = c.embeddingDim;
  const D = c.bidirectional ? 2 : 1;
  const G = c.cell === 'lstm' ? 4 : 3;
  const M = D * H;
  let f = D * (2 * B * S * E * G * H + 2 * B * S * H * G * H); // encoder
  if (D === 2) f += 2 * B * M * H * (c.cell === 'lstm' ? 2 : 1); // bridge
  f += 2 * B * S * M * H; // key projection (Bahdanau W_k, Luong general W_a)
  const feeding = c.attention !== 'bahdanau' && c.inputFeeding !== false;
  const inSize = E + (c.attention === 'bahdanau' ? M : feeding ? H : 0);
  const perStep =
    (c.attention === 'bahdanau' ? 2 * B * H * H + 2 * B * S * H : 2 * B * S * H) + // query / energy or scores
    2 * B * S * M + // context
    2 * B * inSize * G * H + 2 * B * H * G * H + // decoder cell
    2 * B * (H + M) * H + // combine
    2 * B * H * V; // generator
  return f + T * perStep;
}

function batch(rng) {
  const ids = (n) => Array.from({ length: B * n }, () => 1 + rng.int(V - 1));
  return {
    src: tf.tensor2d(ids(S), [B, S], 'int32'),
    tgtIn: tf.tensor2d(ids(T), [B, T], 'int32'),
    tgtOut: tf.tensor2d(ids(T), [B, T], 'int32'),
  };
}

/** Our step timed in turns with the matMul probe (see timeWithRoofline). */
async function ours(cfg) {
  const { name, ...c } = cfg;
  const model = new Seq2SeqAttention({ ...c, rng: new Generator(0) }).train();
  const opt = new Adam({ lr: 1e-3 });
  const { src, tgtIn, tgtOut } = batch(new Generator(1));
  const r = await timeWithRoofline(tf, async () => {
    const cost = opt.minimize(() => crossEntropy(model.forward(src, tgtIn), tgtOut), true, model.parameters());
    await cost.data();
    cost.dispose();
  }, 3 * forwardFlops(cfg), { rounds: quick ? 3 : 7, stepsPerRound: 2 });
  tf.dispose([src, tgtIn, tgtOut]);
  opt.dispose();
  model.dispose();
  return r;
}

function torchPeer(cfg) {
  const { name, ...c } = cfg;
  return runTorch(`
import json, sys, time, torch
sys.path.insert(0, ${JSON.stringify(fixturesDir)})
from models_seq2seq_fixtures import Seq2SeqAttention
c = json.loads(${JSON.stringify(JSON.stringify({ inputFeeding: true, ...c }))})
B, S, T, V = ${B}, ${S}, ${T}, ${V}
res = {}
for threads in (1, 2):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    m = Seq2SeqAttention(c)
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    src = torch.randint(1, V, (B, S)); tgt_in = torch.randint(1, V, (B, T)); tgt_out = torch.randint(1, V, (B, T))
    lengths = [S] * B
    def step():
        opt.zero_grad()
        logits, _ = m(src, tgt_in, lengths)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), tgt_out.reshape(-1))
        loss.backward()
        opt.step()
    for _ in range(2): step()
    n, t0 = 0, time.perf_counter()
    while n < 4 or time.perf_counter() - t0 < ${quick ? 1 : 3}:
        step(); n += 1
    res[threads] = (time.perf_counter() - t0) / n * 1000
print(json.dumps({"torch": torch.__version__, "blas": torch.__config__.show().count("OpenBLAS") > 0, "ms": res}))
`);
}

const rows = [];
for (const cfg of configs) {
  const r = await ours(cfg);
  const pt = torchPeer(cfg);
  const ptMs = pt ? Math.min(...Object.values(pt.ms)) : null;
  const flops = 3 * forwardFlops(cfg);
  rows.push({
    model: cfg.name,
    'ms/step': `${r.ms.toFixed(1)} (${r.msRange.map((v) => v.toFixed(0)).join('-')})`,
    'tokens/s': Math.round((B * T) / (r.ms / 1000)),
    'GFLOP/step': (flops / 1e9).toFixed(2),
    'probe GFLOP/s': r.gflops.toFixed(1),
    roofline: `${r.roofline.toFixed(2)} (${r.rooflineRange.map((v) => v.toFixed(2)).join('-')})`,
    'PyTorch ms/step': ptMs ? ptMs.toFixed(1) : '',
    'PyTorch tokens/s': ptMs ? Math.round((B * T) / (ptMs / 1000)) : '',
    'x PyTorch': ptMs ? (ptMs / r.ms).toFixed(2) : '',
  });
  if (pt) console.log(`PyTorch ${pt.torch} ms/step by threads: ${JSON.stringify(pt.ms)}`);
}
console.log(`B=${B}, S=T=${T}, V=${V}, GRU H=E=256, unidirectional encoder; medians over rounds of (matMul probe, 2 steps), ranges in brackets`);
table(rows);
