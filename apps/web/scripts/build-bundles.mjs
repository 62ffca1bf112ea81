#!/usr/bin/env node
// Builds the demo bundles served by the page from apps/web/public/bundles/<name>/ and writes
// public/bundles/index.json (the list the page reads, so it never fetches a bundle that is absent).
//
//   node apps/web/scripts/build-bundles.mjs                 # every bundle
//   node apps/web/scripts/build-bundles.mjs lm reverse-digits
//   node apps/web/scripts/build-bundles.mjs --index         # only rewrite index.json
//
// The task models are trained by apps/trainer's `seqlab train` CLI (build it first:
// `npx -y pnpm@10.34.9 --filter @seqlab/trainer... build`) with the commands recorded in RECIPES.
// They are deliberately tiny and time-boxed (--max-minutes): the page must stay quick on
// SwiftShader WebGPU in the e2e run and the committed bundles far below 20 MB. The digit-reversal
// bundle (the task the page also trains in a Web Worker) has no CLI task, so it is trained here
// with the same @seqlab/models APIs and the trainer's conventions (special tokens <pad> <unk> <s>
// </s> at ids 0-3, source ids followed by </s>).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossEntropy, Generator, manualSeed, selectBackend } from '@seqlab/core';
import * as models from '@seqlab/models';
import { directoryWriter } from '@seqlab/models/node';
import { charLevelComponents, FuseDecoder, Tokenizer } from '@seqlab/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

const here = dirname(fileURLToPath(import.meta.url));
const outRoot = join(here, '..', 'public', 'bundles');
const cli = join(here, '..', '..', 'trainer', 'dist', 'cli.js');
const SPECIALS = ['<pad>', '<unk>', '<s>', '</s>'];
const [PAD, BOS, EOS] = [0, 2, 3];

tf.env().set('PROD', true);

/** A character-level tokenizer over `chars` (specials first, as the trainer's). */
function charTokenizer(chars) {
  const vocab = Object.fromEntries([...SPECIALS, ...chars].map((w, i) => [w, i]));
  const { preTokenizer, model } = charLevelComponents(vocab, '<unk>');
  const tok = new Tokenizer(model);
  tok.preTokenizer = preTokenizer;
  // Characters join back without spaces.
  tok.decoder = new FuseDecoder();
  tok.addSpecialTokens(SPECIALS);
  return tok;
}

/** Teacher-forced seq2seq training on (src ids, tgt ids) pairs with Adam; returns the loss curve. */
async function trainSeq2Seq(model, pairs, { steps, batch, lr, seed }) {
  const rng = new Generator(seed);
  const opt = tf.train.adam(lr, 0.9, 0.98, 1e-9);
  const losses = [];
  model.train();
  for (let s = 0; s < steps; s++) {
    const rows = Array.from({ length: Math.min(batch, pairs.length) }, () => pairs[rng.int(pairs.length)]);
    const S = Math.max(...rows.map((r) => r[0].length));
    const T = Math.max(...rows.map((r) => r[1].length)) + 1;
    const pad = (xs, n, v) => [...xs, ...new Array(n - xs.length).fill(v)];
    const src = tf.tensor2d(rows.map((r) => pad(r[0], S, PAD)), [rows.length, S], 'int32');
    const tgtIn = tf.tensor2d(rows.map((r) => pad([BOS, ...r[1]], T, PAD)), [rows.length, T], 'int32');
    const tgtOut = tf.tensor2d(rows.map((r) => pad([...r[1], EOS], T, -100)), [rows.length, T], 'int32');
    const cost = opt.minimize(() => crossEntropy(model.forward(src, tgtIn), tgtOut), true, model.parameters());
    const loss = (await cost.data())[0];
    tf.dispose([src, tgtIn, tgtOut, cost]);
    if (s % 50 === 0 || s === steps - 1) {
      losses.push([s, Number(loss.toFixed(4))]);
      console.log(`  step ${s} loss ${loss.toFixed(4)}`);
    }
  }
  opt.dispose();
  model.eval();
  return losses;
}

const RECIPES = {
  // German -> English, the notebook's "eng prefixes" subset of the built-in pairs.
  'translate-transformer': {
    cli: ['train', 'translate', '--arch', 'transformer', '--eng-prefixes', '--d-model', '64', '--heads', '4', '--ff', '128', '--layers', '2', '--steps', '1500', '--max-minutes', '4', '--seed', '1', '--overwrite', '--out'],
  },
  'translate-rnn': {
    cli: ['train', 'translate', '--arch', 'rnn-attention', '--eng-prefixes', '--embedding', '64', '--hidden', '64', '--steps', '1500', '--max-minutes', '4', '--seed', '1', '--overwrite', '--out'],
  },
  'classify-names': {
    cli: ['train', 'classify-names', '--embedding', '32', '--hidden', '64', '--steps', '800', '--max-minutes', '2', '--seed', '1', '--overwrite', '--out'],
  },
  'generate-names': {
    cli: ['train', 'generate-names', '--embedding', '32', '--hidden', '64', '--steps', '800', '--max-minutes', '2', '--seed', '1', '--overwrite', '--out'],
  },
  lm: {
    cli: ['train', 'lm', '--arch', 'rnn', '--cell', 'gru', '--embedding', '32', '--hidden', '128', '--layers', '1', '--steps', '800', '--max-minutes', '3', '--seed', '1', '--overwrite', '--out'],
  },
  // Digit-string reversal as a `translate` bundle: the page's "bring your own" example.
  'reverse-digits': {
    async build() {
      const { backend } = await selectBackend(['wasm', 'cpu']);
      const tok = charTokenizer('0123456789'.split(''));
      const rng = new Generator(3);
      const seqs = Array.from({ length: 20000 }, () => Array.from({ length: 3 + rng.int(6) }, () => String(rng.int(10))).join(''));
      const ids = seqs.map((s) => [[...tok.encode(s).ids, EOS], tok.encode([...s].reverse().join('')).ids]);
      const architecture = { srcVocab: tok.getVocabSize(), tgtVocab: tok.getVocabSize(), padId: PAD, dModel: 64, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 128, dropout: 0, maxLen: 16 };
      manualSeed(3);
      const model = new models.TransformerSeq2Seq({ ...architecture, rng: new Generator(3) });
      const losses = await trainSeq2Seq(model, ids, { steps: 700, batch: 64, lr: 2e-3, seed: 4 });
      const json = tok.toJSONString();
      const dir = join(outRoot, 'reverse-digits');
      rmSync(dir, { recursive: true, force: true });
      await models.saveBundle(directoryWriter(dir, { overwrite: true }), {
        task: 'translate',
        architecture: { type: models.TransformerSeq2Seq.type, ...model.config },
        model,
        tokenizers: { source: { file: 'source.tokenizer.json', json, vocabSize: tok.getVocabSize() }, target: { file: 'target.tokenizer.json', json, vocabSize: tok.getVocabSize() } },
        training: { data: 'random digit strings of length 3..8 (seed 3)', steps: 700, batch: 64, optimizer: 'adam lr 2e-3', backend, losses, builtBy: 'apps/web/scripts/build-bundles.mjs' },
      });
      model.dispose();
    },
  },
};

/** Writes public/bundles/index.json: the bundles present, so the page never fetches a missing one. */
function writeIndex() {
  const bundles = [];
  for (const name of readdirSync(outRoot).sort()) {
    const dir = join(outRoot, name);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'config.json'))) continue;
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    bundles.push({ name, task: config.task, architecture: config.architecture.type, bytes });
  }
  writeFileSync(join(outRoot, 'index.json'), `${JSON.stringify({ bundles }, null, 2)}\n`);
  console.log(`wrote ${join(outRoot, 'index.json')}: ${bundles.map((b) => b.name).join(', ')}`);
}

const wanted = process.argv.slice(2).filter((a) => a !== '--index');
if (process.argv.includes('--index')) {
  writeIndex();
  process.exit(0);
}
for (const name of wanted) if (!RECIPES[name]) throw new Error(`unknown bundle "${name}" (known: ${Object.keys(RECIPES).join(', ')})`);
for (const [name, recipe] of Object.entries(RECIPES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`== ${name}`);
  if (recipe.cli) {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build the trainer first (npx -y pnpm@10.34.9 --filter @seqlab/trainer... build)`);
    const args = [cli, ...recipe.cli, join(outRoot, name)];
    console.log(`seqlab ${recipe.cli.join(' ')} apps/web/public/bundles/${name}`);
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`seqlab train failed for ${name} (exit ${r.status})`);
    // The trainer's checkpoints and run log (for --resume) are not part of the bundle.
    rmSync(join(outRoot, `${name}.work`), { recursive: true, force: true });
  } else {
    await recipe.build();
  }
}
writeIndex();
