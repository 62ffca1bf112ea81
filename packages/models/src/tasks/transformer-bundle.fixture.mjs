// Writes transformer-bundle.fixture.json: a small TransformerSeq2Seq and TransformerLanguageModel
// saved as bundles by Node (saveBundle, the files base64-encoded), plus their greedy outputs on
// Node's cpu backend, which transformer-bundle.backend.test.ts reproduces on cpu and wasm in Node
// and on webgl and webgpu in headless Chromium. Weights are random (seeded): the script keeps
// the first seed whose greedy choices win by a clear margin at every step, so float rounding on
// a GPU backend cannot flip a choice.
// Run (after building @seqlab/models): node packages/models/src/tasks/transformer-bundle.fixture.mjs
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Generator } from '@seqlab/core';
import { greedyDecode, memoryWriter, saveBundle, TransformerLanguageModel, TransformerSeq2Seq } from '@seqlab/models';

tf.env().set('PROD', true);
await tf.setBackend('cpu');
const MIN_MARGIN = 0.05;
const MAX_LENGTH = 10;

// Digits tokenizer (HF tokenizer.json, WordLevel over single characters).
const vocab = { '<pad>': 0, '<s>': 1, '</s>': 2, ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), i + 3])) };
const tokenizer = JSON.stringify({
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: ['<pad>', '<s>', '</s>'].map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: null,
  pre_tokenizer: { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
  post_processor: null,
  decoder: null,
  model: { type: 'WordLevel', vocab, unk_token: '<pad>' },
});
const V = Object.keys(vocab).length;
const SOURCES = [
  [4, 5, 6, 7, 8, 9, 10],
  [12, 11, 3, 0, 0, 0, 0],
  [7, 7, 8, 3, 5, 0, 0],
];

/** Greedy decoding while recording the smallest top-1 vs top-2 logit gap of any chosen token. */
async function greedyWithMargin(model, state, rows) {
  let margin = Infinity;
  const wrapped = {
    step(tokens, s) {
      const out = model.step(tokens, s);
      const v = out.logits.dataSync();
      const vocabSize = out.logits.shape[1];
      for (let r = 0; r < rows; r++) {
        const row = Array.from(v.subarray(r * vocabSize, (r + 1) * vocabSize)).sort((a, b) => b - a);
        margin = Math.min(margin, row[0] - row[1]);
      }
      return out;
    },
    selectRows: (s, i) => model.selectRows(s, i),
    disposeState: (s) => model.disposeState(s),
  };
  const hyps = await greedyDecode(wrapped, state, rows, { bosId: 1, eosId: 2, maxLength: MAX_LENGTH });
  return { hyps, margin };
}

async function files(model, task, architecture, tokenizers) {
  const w = memoryWriter();
  await saveBundle(w, { task, architecture, model, tokenizers, training: { note: 'random weights (fixture)' } });
  return Object.fromEntries([...w.files].map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]));
}

const out = {};
for (let seed = 0; ; seed++) {
  if (seed > 50) throw new Error('no seed gave clear greedy margins');
  const m = new TransformerSeq2Seq({ srcVocab: V, tgtVocab: V, padId: 0, dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 2, dimFeedforward: 32, dropout: 0, maxLen: 24, normFirst: true, rng: new Generator(seed) }).eval();
  const src = tf.tensor2d(SOURCES, [SOURCES.length, SOURCES[0].length], 'int32');
  const state = m.encode(src);
  const { hyps, margin } = await greedyWithMargin(m, state, SOURCES.length);
  m.disposeState(state);
  src.dispose();
  const distinct = new Set(hyps.flatMap((h) => h.tokens)).size;
  if (margin >= MIN_MARGIN && distinct >= 3) {
    const tk = { file: 'tokenizer.json', json: tokenizer, vocabSize: V };
    out.seq2seq = {
      seed,
      files: await files(m, 'translate', { type: TransformerSeq2Seq.type, ...m.config }, { source: tk, target: { ...tk, file: 'target-tokenizer.json' } }),
      sources: SOURCES,
      maxLength: MAX_LENGTH,
      greedy: hyps.map((h) => ({ tokens: h.tokens, logProb: h.logProb })),
      minMargin: margin,
    };
    m.dispose();
    break;
  }
  m.dispose();
}
for (let seed = 0; ; seed++) {
  if (seed > 50) throw new Error('no seed gave clear greedy margins');
  const m = new TransformerLanguageModel({ vocabSize: V, dModel: 16, nhead: 2, numLayers: 2, dimFeedforward: 32, dropout: 0, maxLen: 24, rng: new Generator(seed) }).eval();
  const state = m.start(1);
  const { hyps, margin } = await greedyWithMargin(m, state, 1);
  m.disposeState(state);
  const distinct = new Set(hyps.flatMap((h) => h.tokens)).size;
  if (margin >= MIN_MARGIN && distinct >= 3) {
    out.lm = {
      seed,
      files: await files(m, 'lm', { type: TransformerLanguageModel.type, ...m.config }, { text: { file: 'tokenizer.json', json: tokenizer, vocabSize: V } }),
      maxLength: MAX_LENGTH,
      greedy: hyps.map((h) => ({ tokens: h.tokens, logProb: h.logProb })),
      minMargin: margin,
    };
    m.dispose();
    break;
  }
  m.dispose();
}
const path = new URL('./transformer-bundle.fixture.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(out)}\n`);
console.log(`wrote ${path.pathname}: seq2seq seed ${out.seq2seq.seed} (margin ${out.seq2seq.minMargin.toFixed(3)}), lm seed ${out.lm.seed} (margin ${out.lm.minMargin.toFixed(3)})`);
