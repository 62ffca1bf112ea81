// Transformer LM training throughput on the wasm backend: seqlab's TransformerLanguageModel
// (d=256, 4 layers, 4 heads, pre-norm, gelu, tied output, T=128, B=16, @seqlab/train's Adam) vs the same model
// in PyTorch CPU (Debian python3-torch, OpenBLAS when installed; 1 and all threads, best
// reported), measured in one run. Roofline efficiency = (the step's matmul FLOPs / the wasm
// 1024x1024 matMul GFLOP/s measured in this run) / measured step time.
//
//   npx -y pnpm@10.34.9 --filter @seqlab/models... build && node packages/models/bench/transformer-lm.bench.mjs
//   (BENCH_STEPS=3 timed steps by default; BENCH_B, BENCH_T, BENCH_V to change the shape)
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { crossEntropy, Generator } from '@seqlab/core';
import { Adam } from '@seqlab/train';
import { TransformerLanguageModel } from '@seqlab/models';
import { runTorch, table, timeWithRoofline } from '@seqlab/bench';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
await tf.ready();

const D = 256;
const L = 4;
const H = 4;
const B = Number(process.env.BENCH_B ?? 16);
const T = Number(process.env.BENCH_T ?? 128);
const V = Number(process.env.BENCH_V ?? 1000);
const STEPS = Number(process.env.BENCH_STEPS ?? 5);

// Matmul FLOPs of one forward: per layer the q/k/v and output projections (8·BT·d²), the
// feed-forward block (16·BT·d²), scores and context (4·B·T²·d); then the tied output (2·BT·d·V).
const forwardFlops = L * (24 * B * T * D * D + 4 * B * T * T * D) + 2 * B * T * D * V;
// Forward + backward: every matmul also runs for the input and the weight gradient.
const stepFlops = 3 * forwardFlops;

const model = new TransformerLanguageModel({ vocabSize: V, dModel: D, nhead: H, numLayers: L, dropout: 0, maxLen: T, rng: new Generator(0) });
const rng = new Generator(1);
const ids = tf.tensor2d(Int32Array.from({ length: B * (T + 1) }, () => rng.int(V)), [B, T + 1], 'int32');
const x = tf.slice(ids, [0, 0], [B, T]);
const y = tf.slice(ids, [0, 1], [B, T]);
const opt = new Adam({ lr: 1e-4 });
const step = async () => {
  const cost = opt.minimize(() => crossEntropy(model.forward(x), y), true, model.parameters());
  await cost.data();
  cost.dispose();
};
// The step and the 1024^3 matMul probe timed in turns (the machine's speed drifts during a run).
const r = await timeWithRoofline(tf, step, stepFlops, { rounds: STEPS, warmup: 1 });
const ms = r.ms;
tf.dispose([ids, x, y]);
opt.dispose();
model.dispose();

const torch = runTorch(`
import json, time, torch
torch.manual_seed(0)
B, T, D, L, H, V, STEPS = ${B}, ${T}, ${D}, ${L}, ${H}, ${V}, ${STEPS}
class LM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(V, D)
        self.pos = torch.nn.Embedding(T, D)
        layer = torch.nn.TransformerEncoderLayer(D, H, 4 * D, 0.0, activation='gelu', batch_first=True, norm_first=True)
        self.layers = torch.nn.TransformerEncoder(layer, L)
        self.norm = torch.nn.LayerNorm(D)
        self.register_buffer('mask', torch.triu(torch.full((T, T), float('-inf')), 1))
    def forward(self, ids):
        h = self.embed(ids) + self.pos.weight[: ids.shape[1]]
        h = self.norm(self.layers(h, mask=self.mask))
        return h @ self.embed.weight.t()
out = {}
for threads in sorted({1, torch.get_num_threads()}):
    torch.set_num_threads(threads)
    m = LM()
    opt = torch.optim.Adam(m.parameters(), 1e-4)
    ids = torch.randint(0, V, (B, T + 1))
    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(m(ids[:, :-1]).reshape(-1, V), ids[:, 1:].reshape(-1))
        loss.backward()
        opt.step()
    step()
    ts = []
    for _ in range(STEPS):
        t0 = time.perf_counter(); step(); ts.append((time.perf_counter() - t0) * 1000)
    ts.sort()
    out[threads] = ts[len(ts) // 2]
print(json.dumps(out))
`);

const tokens = B * T;
const rows = [{ impl: 'seqlab TransformerLanguageModel (wasm, 1 thread)', 'ms/step': `${ms.toFixed(0)} (${r.msRange.map((v) => v.toFixed(0)).join('-')})`, 'tokens/s': ((tokens / ms) * 1000).toFixed(0), roofline: `${r.roofline.toFixed(2)} (${r.rooflineRange.map((v) => v.toFixed(2)).join('-')})` }];
let bestTorch = null;
for (const [threads, t] of Object.entries(torch ?? {})) {
  rows.push({ impl: `PyTorch ${threads} thread(s)`, 'ms/step': t.toFixed(0), 'tokens/s': ((tokens / t) * 1000).toFixed(0), roofline: '-' });
  if (bestTorch === null || t < bestTorch) bestTorch = t;
}
console.log(`B=${B} T=${T} d=${D} layers=${L} heads=${H} vocab=${V}; step matmul work ${(stepFlops / 1e9).toFixed(1)} GFLOP; wasm matMul 1024^3: ${r.gflops.toFixed(1)} GFLOP/s (median of the probes between steps); ${cpus().length} CPUs; ranges in brackets`);
table(rows);
if (bestTorch !== null) console.log(`seqlab / PyTorch (best thread count) tokens/s ratio: ${(bestTorch / ms).toFixed(3)}x`);
