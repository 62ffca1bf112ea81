// Greedy decoding of 128 tokens with a TransformerLM (d=256, 4 layers, 4 heads) on wasm: with the
// KV cache (each position computed once) vs without (the whole prefix recomputed every step).
// Both must produce the same tokens. Run: npx -y pnpm@10.34.9 bench kv-cache
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Generator } from '@seqlab/core';
import { lastPosition, TransformerLM } from '@seqlab/transformer';
import { table } from '@seqlab/bench';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
const NEW = Number(process.env.KV_TOKENS ?? 128);
const lm = new TransformerLM({ vocabSize: 1000, dModel: 256, nhead: 4, numLayers: 4, maxLen: NEW + 8, dropout: 0, rng: new Generator(0) }).eval();

async function decode(useCache) {
  const out = [1, 2, 3, 4];
  const cache = lm.createCache();
  let pending = out.slice();
  const t0 = performance.now();
  for (let i = 0; i < NEW; i++) {
    const next = tf.tidy(() => {
      const ids = useCache ? tf.tensor2d([pending], [1, pending.length], 'int32') : tf.tensor2d([out], [1, out.length], 'int32');
      const logits = useCache ? lm.forwardIncremental(ids, cache) : lm.forward(ids);
      return tf.argMax(lastPosition(logits), -1);
    });
    const id = (await next.data())[0];
    next.dispose();
    out.push(id);
    pending = [id];
  }
  const ms = performance.now() - t0;
  cache.dispose();
  return { ms, out };
}

await decode(true); // warm-up: kernels compiled, memory grown
const cached = await decode(true);
const full = await decode(false);
const same = cached.out.every((t, i) => t === full.out[i]);
table([
  { mode: 'KV cache', 'ms total': cached.ms.toFixed(0), 'tokens/s': (NEW / cached.ms * 1000).toFixed(1) },
  { mode: 'full recompute', 'ms total': full.ms.toFixed(0), 'tokens/s': (NEW / full.ms * 1000).toFixed(1) },
]);
console.log(`speed-up ${(full.ms / cached.ms).toFixed(1)}x; identical tokens: ${same}`);
if (!same) process.exit(1);
