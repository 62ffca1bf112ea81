// BPE training time: @seqlab/tokenizers vs HF Rust's BpeTrainer (via @anush008/tokenizers, default
// trainer settings: vocab 30000, min frequency 0), Whitespace pre-tokenizer, same corpus file.
// Run: npx -y pnpm@10.34.9 --filter @seqlab/tokenizers... build && node packages/tokenizers/bench/train.bench.mjs [MB]
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BPE, BpeTrainer, Tokenizer, WhitespacePreTokenizer } from '@seqlab/tokenizers';

process.env.RAYON_NUM_THREADS ??= '1'; // HF single-threaded, like us (set before the binding loads)
const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pnpm = resolve(here, '../../../node_modules/.pnpm');
const wantMb = Number(process.argv[2] ?? 2);

const parts = [];
let total = 0;
outer: for (const s of readdirSync(pnpm).sort()) {
  let pkgs = [];
  try { pkgs = readdirSync(join(pnpm, s, 'node_modules')).sort(); } catch { continue; }
  for (const p of pkgs) for (const f of ['README.md', 'LICENSE', 'index.js', 'CHANGELOG.md']) {
    const fp = join(pnpm, s, 'node_modules', p, f);
    try { if (!statSync(fp).isFile()) continue; } catch { continue; }
    const t = readFileSync(fp, 'utf8');
    parts.push(t);
    total += Buffer.byteLength(t);
    if (total >= wantMb * 1e6) break outer;
  }
}
const text = parts.join('\n');
const lines = text.split('\n');
const file = join(mkdtempSync(join(tmpdir(), 'seqlab-bench-')), 'corpus.txt');
writeFileSync(file, text);
const mb = Buffer.byteLength(text) / 1e6;

let t0 = performance.now();
const tok = new Tokenizer(new BPE({}, []));
tok.preTokenizer = new WhitespacePreTokenizer();
await tok.train(lines, new BpeTrainer());
const ours = (performance.now() - t0) / 1000;

const hf = require('@anush008/tokenizers');
t0 = performance.now();
const h = new hf.Tokenizer(hf.BPE.empty());
h.setPreTokenizer(hf.whitespacePreTokenizer());
h.train([file]);
const theirs = (performance.now() - t0) / 1000;
console.log(`corpus ${mb.toFixed(2)} MB, vocab ${tok.getVocabSize()} (HF ${h.getVocabSize()})`);
console.log(`@seqlab/tokenizers BpeTrainer  ${ours.toFixed(2)} s`);
console.log(`HF Rust BpeTrainer (RAYON_NUM_THREADS=${process.env.RAYON_NUM_THREADS})  ${theirs.toFixed(2)} s   ours/HF time = ${(ours / theirs).toFixed(2)}x`);
