// @seqlab/train in the same run as its peers:
//  1. AdamW.applyGradients vs tfjs's own tf.train.adam (same parameters, wasm and cpu backends)
//     and torch.optim.AdamW (PyTorch CPU, 1 and 2 threads, best reported);
//  2. one Trainer update (loss + grads + clip + schedule + AdamW + events) vs a bare tfjs
//     `optimizer.minimize` loop on the same model (the trainer's overhead), wasm backend;
//  3. corpus BLEU and chrF throughput (sentences/s; sacreBLEU is not installable offline, no peer).
// Run: npx -y pnpm@10.34.9 bench train
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { crossEntropy, Embedding, Generator, Linear, Module } from '@seqlab/core';
import { AdamW, Trainer, corpusBleu, corpusChrf, constantLr } from '@seqlab/train';
import { runTorch, table, timeIt } from '@seqlab/bench';

tf.env().set('PROD', true);
const SHAPES = [[1000, 64], [64, 1000], [1000]];
const numel = SHAPES.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);

const torch = runTorch(`
import json, time, torch
torch.manual_seed(0)
out = {}
for threads in (1, 2):
    torch.set_num_threads(threads)
    ps = [torch.randn(*s, requires_grad=True) for s in ${JSON.stringify(SHAPES)}]
    for p in ps: p.grad = torch.randn_like(p)
    opt = torch.optim.AdamW(ps, lr=1e-3, foreach=False)
    for _ in range(5): opt.step()
    n, t0 = 0, time.perf_counter()
    while n < 20 or time.perf_counter() - t0 < 1.0:
        opt.step(); n += 1
    out[threads] = (time.perf_counter() - t0) / n * 1000
print(json.dumps(out))
`);

const rows = [];
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  const vars = SHAPES.map((s) => tf.variable(tf.randomNormal(s)));
  const grads = Object.fromEntries(vars.map((v) => [v.name, tf.randomNormal(v.shape)]));
  const ms = { 'seqlab AdamW': Infinity, 'tf.train.adam': Infinity };
  const opts = [['seqlab AdamW', new AdamW({ lr: 1e-3 })], ['tf.train.adam', tf.train.adam(1e-3)]];
  // Interleaved rounds, best of each: the first measurement of a process pays backend warm-up.
  for (let round = 0; round < 3; round++) {
    for (const [name, opt] of opts) {
      const t = await timeIt(async () => {
        opt.applyGradients(grads);
        await vars[2].data();
      }, { minMs: backend === 'cpu' ? 600 : 400 });
      ms[name] = Math.min(ms[name], t);
    }
  }
  for (const [, opt] of opts) opt.dispose();
  tf.dispose([...vars, ...Object.values(grads)]);
  const torchBest = torch ? Math.min(torch['1'], torch['2']) : NaN;
  rows.push({
    backend,
    params: numel,
    'AdamW ms': ms['seqlab AdamW'].toFixed(3),
    'tf.adam ms': ms['tf.train.adam'].toFixed(3),
    'AdamW speed / tf.adam': `${(ms['tf.train.adam'] / ms['seqlab AdamW']).toFixed(2)}x`,
    'torch AdamW ms': torch ? torchBest.toFixed(3) : 'n/a',
    'AdamW speed / torch': torch ? `${(torchBest / ms['seqlab AdamW']).toFixed(2)}x` : 'n/a',
  });
}
console.log('\n1. optimizer step');
table(rows);

// 2. Trainer overhead vs a bare minimize loop.
await tf.setBackend('wasm');
class LM extends Module {
  constructor() {
    super();
    const rng = new Generator(0);
    this.emb = this.addModule('emb', new Embedding(1000, 64, { rng, checkIds: false }));
    this.out = this.addModule('out', new Linear(64, 1000, { rng }));
  }
  forward(ids) {
    return this.out.forward(tf.tanh(this.emb.forward(ids)));
  }
}
const B = 32;
const T = 16;
const rng = new Generator(1);
const ids = tf.tensor2d(Array.from({ length: B * T }, () => rng.int(1000)), [B, T], 'int32');
const targets = tf.tensor2d(Array.from({ length: B * T }, () => rng.int(1000)), [B, T], 'int32');
const lossOf = (m) => crossEntropy(m.forward(ids), targets, { checkTargets: false });

const bare = new LM();
const bareOpt = new AdamW({ lr: 1e-3 });
const model = new LM();
const trainer = new Trainer({ model, loss: () => ({ loss: lossOf(model), tokens: B * T }), optimizer: new AdamW({ lr: 1e-3 }), clipNorm: 1, schedule: constantLr(1e-3) });
let target = 0;
let bareMs = Infinity;
let trainerMs = Infinity;
for (let round = 0; round < 2; round++) {
  bareMs = Math.min(bareMs, await timeIt(async () => {
    const l = bareOpt.minimize(() => lossOf(bare), true, bare.trainableParameters());
    await l.data();
    l.dispose();
  }, { minMs: 1500 }));
  trainerMs = Math.min(trainerMs, await timeIt(async () => {
    target++;
    await trainer.fit({ data: () => [0], maxSteps: target });
  }, { minMs: 1500 }));
}
console.log('\n2. one training update, Embedding(1000, 64) + Linear(64, 1000), B=32 T=16, wasm');
table([
  { loop: 'bare tfjs optimizer.minimize', 'ms / update': bareMs.toFixed(2), 'tokens/s': Math.round((B * T * 1000) / bareMs) },
  { loop: 'seqlab Trainer (+ clip 1.0, schedule, events)', 'ms / update': trainerMs.toFixed(2), 'tokens/s': Math.round((B * T * 1000) / trainerMs) },
  { loop: 'Trainer speed / bare', 'ms / update': `${(bareMs / trainerMs).toFixed(2)}x`, 'tokens/s': '' },
]);

// 3. Metrics throughput.
const words = 'the a cat dog sat on mat house red blue it was not is he she they we ran quickly , . !'.split(' ');
const sent = () => Array.from({ length: 8 + rng.int(20) }, () => words[rng.int(words.length)]).join(' ');
const hyps = Array.from({ length: 2000 }, sent);
const refs = [Array.from({ length: 2000 }, sent)];
const bleuMs = await timeIt(() => corpusBleu(hyps, refs), { minMs: 1000, warmup: 1 });
const chrfMs = await timeIt(() => corpusChrf(hyps, refs), { minMs: 1000, warmup: 1 });
console.log('\n3. metrics, 2000 sentences (8-27 words), 1 reference (no peer: sacreBLEU is not installable offline)');
table([
  { metric: 'corpusBleu (13a)', ms: bleuMs.toFixed(1), 'sentences/s': Math.round((2000 * 1000) / bleuMs) },
  { metric: 'corpusChrf (chrF2)', ms: chrfMs.toFixed(1), 'sentences/s': Math.round((2000 * 1000) / chrfMs) },
]);
