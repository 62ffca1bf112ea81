// CharLM training throughput (forward + backward + Adam, truncated BPTT with the state carried)
// on the wasm backend, and the same model in PyTorch CPU (Debian's python3-torch) in the same run:
// tokens/s for each and the ratio. Also NameClassifier (packed GRU) training names/s.
// Run: npx -y pnpm@10.34.9 --filter @seqlab/models... build && node packages/models/bench/char-lm.bench.mjs [--quick]
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { crossEntropy, Generator } from '@seqlab/core';
import { CharLM, NameClassifier } from '@seqlab/models';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
const quick = process.argv.includes('--quick');
const STEPS = quick ? 3 : 8;
const LM = { V: 96, E: 64, H: 256, L: 2, B: 16, T: 35 };
const CLS = { V: 60, C: 18, E: 64, H: 128, B: 64, T: 12 };

/** Best ms per call of `fn` over `reps` after one warm-up (the minimum: other load only adds time). */
async function best(fn, reps = STEPS) {
  await fn();
  let ms = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

async function oursLm() {
  const g = new Generator(0);
  const m = new CharLM({ vocabSize: LM.V, cell: 'lstm', embeddingDim: LM.E, hiddenSize: LM.H, numLayers: LM.L, rng: g });
  const opt = tf.train.adam(1e-3);
  const ids = tf.tensor2d(Int32Array.from({ length: LM.B * LM.T }, () => g.int(LM.V)), [LM.B, LM.T], 'int32');
  const tgt = tf.tensor2d(Int32Array.from({ length: LM.B * LM.T }, () => g.int(LM.V)), [LM.B, LM.T], 'int32');
  let state = m.start(LM.B);
  const ms = await best(async () => {
    let next;
    const cost = opt.minimize(() => {
      const out = m.forward(ids, state);
      next = { h: tf.keep(out.state.h), c: tf.keep(out.state.c) };
      return crossEntropy(out.logits, tgt);
    }, true, m.parameters());
    await cost.data();
    cost.dispose();
    m.disposeState(state);
    state = next;
  });
  m.disposeState(state);
  tf.dispose([ids, tgt]);
  opt.dispose();
  m.dispose();
  return ms;
}

async function oursClassifier() {
  const g = new Generator(0);
  const m = new NameClassifier({ vocabSize: CLS.V, numClasses: CLS.C, padId: 0, cell: 'gru', embeddingDim: CLS.E, hiddenSize: CLS.H, rng: g });
  const opt = tf.train.adam(1e-3);
  const lengths = Array.from({ length: CLS.B }, () => 3 + g.int(CLS.T - 2));
  const ids = tf.tensor2d(Int32Array.from({ length: CLS.B * CLS.T }, (_, i) => ((i % CLS.T) < lengths[Math.floor(i / CLS.T)] ? 1 + g.int(CLS.V - 1) : 0)), [CLS.B, CLS.T], 'int32');
  const y = tf.tensor1d(Int32Array.from({ length: CLS.B }, () => g.int(CLS.C)), 'int32');
  const ms = await best(async () => {
    const cost = opt.minimize(() => crossEntropy(m.forward(ids, lengths), y), true, m.parameters());
    await cost.data();
    cost.dispose();
  });
  tf.dispose([ids, y]);
  opt.dispose();
  m.dispose();
  return { ms, lengths };
}

/** The same two models and steps in PyTorch; prints JSON {threads: {lm, cls}} in ms per step. */
function torchMs(lengths) {
  const py = `
import json, time, torch, torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence
torch.manual_seed(0)
V,E,H,L,B,T = ${LM.V},${LM.E},${LM.H},${LM.L},${LM.B},${LM.T}
CV,CC,CE,CH,CB,CT = ${CLS.V},${CLS.C},${CLS.E},${CLS.H},${CLS.B},${CLS.T}
lengths = torch.tensor(${JSON.stringify(lengths)})
def best(fn, reps=${STEPS}):
    fn(); ms = float('inf')
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ms = min(ms, (time.perf_counter() - t0) * 1e3)
    return ms
class LM(nn.Module):
    def __init__(s):
        super().__init__(); s.encoder = nn.Embedding(V, E); s.rnn = nn.LSTM(E, H, L, batch_first=True); s.decoder = nn.Linear(H, V)
    def forward(s, x, h): o, h = s.rnn(s.encoder(x), h); return s.decoder(o), h
class Cls(nn.Module):
    def __init__(s):
        super().__init__(); s.embedding = nn.Embedding(CV, CE, padding_idx=0); s.rnn = nn.GRU(CE, CH, batch_first=True); s.fc = nn.Linear(CH, CC)
    def forward(s, x, n): _, h = s.rnn(pack_padded_sequence(s.embedding(x), n, batch_first=True, enforce_sorted=False)); return s.fc(h[-1])
out = {}
for threads in sorted({1, torch.get_num_threads()}):
    torch.set_num_threads(threads)
    lm = LM(); opt = torch.optim.Adam(lm.parameters(), 1e-3)
    ids = torch.randint(0, V, (B, T)); tgt = torch.randint(0, V, (B, T))
    st = [None]
    def lm_step():
        logits, h = lm(ids, st[0]); st[0] = tuple(x.detach() for x in h)
        loss = nn.functional.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1)); opt.zero_grad(); loss.backward(); opt.step()
    cls = Cls(); copt = torch.optim.Adam(cls.parameters(), 1e-3)
    cids = torch.randint(1, CV, (CB, CT)); y = torch.randint(0, CC, (CB,))
    def cls_step():
        loss = nn.functional.cross_entropy(cls(cids, lengths), y); copt.zero_grad(); loss.backward(); copt.step()
    out[threads] = {"lm": best(lm_step), "cls": best(cls_step)}
print(json.dumps(out))
`;
  try {
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim().split('\n').pop());
  } catch (e) {
    console.log(`PyTorch CPU skipped: ${e.message.split('\n')[0]}`);
    return null;
  }
}

const lmMs = await oursLm();
const cls = await oursClassifier();
const torch = torchMs(cls.lengths);
const lmTok = (LM.B * LM.T) / (lmMs / 1e3);
const clsNames = CLS.B / (cls.ms / 1e3);
console.log(`CharLM LSTM V=${LM.V} E=${LM.E} H=${LM.H} L=${LM.L}, B=${LM.B} T=${LM.T}, train step (fwd+bwd+Adam):`);
console.log(`  seqlab wasm: ${lmMs.toFixed(1)} ms/step = ${lmTok.toFixed(0)} tokens/s`);
console.log(`NameClassifier GRU V=${CLS.V} E=${CLS.E} H=${CLS.H}, B=${CLS.B} names (lengths 3..${CLS.T}, packed), train step:`);
console.log(`  seqlab wasm: ${cls.ms.toFixed(1)} ms/step = ${clsNames.toFixed(0)} names/s`);
if (torch) {
  for (const [threads, r] of Object.entries(torch)) {
    console.log(`  PyTorch CPU, ${threads} thread(s): CharLM ${r.lm.toFixed(1)} ms/step = ${((LM.B * LM.T) / (r.lm / 1e3)).toFixed(0)} tokens/s (seqlab/torch = ${(r.lm / lmMs).toFixed(2)}); NameClassifier ${r.cls.toFixed(1)} ms/step (seqlab/torch = ${(r.cls / cls.ms).toFixed(2)})`);
  }
}
