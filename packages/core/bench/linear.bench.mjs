// Linear forward + backward (input and weight gradients), B x IN -> OUT, on tfjs's cpu and wasm
// backends through @seqlab/core, and nn.Linear in PyTorch CPU in the same run.
// Run: npx -y pnpm@10.34.9 bench linear
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Linear, manualSeed } from '@seqlab/core';
import { runTorch, table, timeIt } from '@seqlab/bench';

tf.env().set('PROD', true);
const shapes = [
  [64, 256, 256],
  [256, 512, 512],
];
const rows = [];
const torch = runTorch(`
import json, time, torch
torch.manual_seed(0)
out = {}
for threads in (1, 2):
    torch.set_num_threads(threads)
    for b, i, o in ${JSON.stringify(shapes)}:
        lin = torch.nn.Linear(i, o); x = torch.randn(b, i, requires_grad=True)
        def step():
            lin.zero_grad(); x.grad = None
            lin(x).sum().backward()
        for _ in range(5): step()
        n, t0 = 0, time.perf_counter()
        while n < 20 or time.perf_counter() - t0 < 1.0:
            step(); n += 1
        out[f"{b}x{i}x{o}/{threads}"] = (time.perf_counter() - t0) / n * 1000
print(json.dumps(out))
`);

for (const [b, inF, outF] of shapes) {
  const flops = 3 * 2 * b * inF * outF; // forward, grad input, grad weight
  const ms = {};
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    manualSeed(0);
    const lin = new Linear(inF, outF);
    const x = tf.randomNormal([b, inF]);
    // The layer itself: forward, then gradients of the input and of weight and bias.
    const grads = tf.grads((xx, _w, _b) => tf.sum(lin.forward(xx)));
    ms[backend] = await timeIt(async () => {
      const g = grads([x, lin.weight, lin.bias]);
      await g[1].data();
      tf.dispose(g);
    }, { minMs: backend === 'cpu' ? 800 : 1500 });
    tf.dispose(x);
    lin.dispose();
  }
  const key = `${b}x${inF}x${outF}`;
  const torchBest = torch ? Math.min(torch[`${key}/1`], torch[`${key}/2`]) : NaN;
  rows.push({
    shape: key,
    'cpu ms': ms.cpu.toFixed(2),
    'wasm ms': ms.wasm.toFixed(2),
    'wasm GFLOP/s': (flops / ms.wasm / 1e6).toFixed(1),
    'wasm / cpu speedup': (ms.cpu / ms.wasm).toFixed(1) + 'x',
    'torch ms (best of 1,2 threads)': torch ? torchBest.toFixed(2) : 'n/a',
    'wasm / torch throughput': torch ? (torchBest / ms.wasm).toFixed(2) : 'n/a',
  });
}
table(rows);
