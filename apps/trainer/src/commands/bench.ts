import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crossEntropy, Generator, type Module } from '@seqlab/core';
import { CharLM, NameClassifier, NameGenerator, Seq2SeqAttention, TransformerLanguageModel, TransformerSeq2Seq } from '@seqlab/models';
import { AdamW } from '@seqlab/train';
import * as tf from '@tensorflow/tfjs-core';
import { get, parseFlags } from '../args.js';
import { activateBackend, loadNative } from '../backend.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

/** Flags of `seqlab bench`. */
export const BENCH_FLAGS = {
  backends: { type: 'string', default: 'all', help: 'comma-separated backends to measure (tensorflow, wasm, cpu), or all available' },
  steps: { type: 'int', min: 1, default: 3, help: 'timed training steps per model and backend (after one warm-up step)' },
  peers: { type: 'choice', choices: ['on', 'off'], default: 'on', help: 'also run the models package\'s benchmark scripts, which time PyTorch CPU on the same equations (needs /usr/bin/python3 with torch)' },
} as const;

/** One model to time: a builder and a synthetic batch's loss. */
interface BenchCase {
  name: string;
  tokens: number;
  build(rng: Generator): Module;
  loss(m: Module): tf.Scalar;
}

const B = 32;
const L = 10;
const V = 2000;
const ids = (rows: number, len: number, vocab: number, seed: number) => {
  const g = new Generator(seed);
  return tf.tensor2d(Int32Array.from({ length: rows * len }, () => 4 + g.int(vocab - 4)), [rows, len], 'int32');
};

/** The task models at the trainer's default sizes, on batches of 32 sequences of 10 tokens. */
function cases(): BenchCase[] {
  const s2s = { srcVocab: V, tgtVocab: V, padId: 0, dropout: 0.1, maxLen: 64 };
  return [
    {
      name: 'seq2seq-attention (GRU 128, bahdanau)',
      tokens: B * L,
      build: (rng) => new Seq2SeqAttention({ ...s2s, cell: 'gru', attention: 'bahdanau', embeddingDim: 64, hiddenSize: 128, rng }),
      loss: (m) => crossEntropy((m as Seq2SeqAttention).forward(ids(B, L, V, 1), ids(B, L, V, 2)), ids(B, L, V, 3)) as tf.Scalar,
    },
    {
      name: 'transformer-seq2seq (d 128, 1+1 layers)',
      tokens: B * L,
      build: (rng) => new TransformerSeq2Seq({ ...s2s, dModel: 128, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 256, rng }),
      loss: (m) => crossEntropy((m as TransformerSeq2Seq).forward(ids(B, L, V, 1), ids(B, L, V, 2)), ids(B, L, V, 3)) as tf.Scalar,
    },
    {
      name: 'name-classifier (GRU 128)',
      tokens: B * L,
      build: (rng) => new NameClassifier({ vocabSize: 80, numClasses: 16, padId: 0, cell: 'gru', embeddingDim: 64, hiddenSize: 128, rng }),
      loss: (m) => crossEntropy((m as NameClassifier).forward(ids(B, L, 80, 1), new Array(B).fill(L)), tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % 16), 'int32')) as tf.Scalar,
    },
    {
      name: 'name-generator (GRU 128)',
      tokens: B * L,
      build: (rng) => new NameGenerator({ vocabSize: 80, numCategories: 16, padId: 0, cell: 'gru', embeddingDim: 64, hiddenSize: 128, rng }),
      loss: (m) => crossEntropy((m as NameGenerator).forward(tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % 16), 'int32'), ids(B, L, 80, 1)), ids(B, L, 80, 2)) as tf.Scalar,
    },
    {
      name: 'char-lm (LSTM 256 x 2, 64 tokens)',
      tokens: B * 64,
      build: (rng) => new CharLM({ vocabSize: 80, cell: 'lstm', embeddingDim: 64, hiddenSize: 256, numLayers: 2, rng }),
      loss: (m) => {
        const out = (m as CharLM).forward(ids(B, 64, 80, 1));
        return crossEntropy(out.logits, ids(B, 64, 80, 2)) as tf.Scalar;
      },
    },
    {
      name: 'transformer-lm (d 128, 2 layers, 64 tokens)',
      tokens: B * 64,
      build: (rng) => new TransformerLanguageModel({ vocabSize: 80, dModel: 128, nhead: 4, numLayers: 2, dimFeedforward: 512, maxLen: 256, rng }),
      loss: (m) => crossEntropy((m as TransformerLanguageModel).forward(ids(B, 64, 80, 1)), ids(B, 64, 80, 2)) as tf.Scalar,
    },
  ];
}

/** Mean ms of one full training step (forward, loss, backward, AdamW update). */
async function timeSteps(c: BenchCase, steps: number): Promise<number> {
  const model = c.build(new Generator(0));
  const opt = new AdamW({ lr: 1e-3 });
  const step = async () => {
    const { value, grads } = tf.variableGrads(() => c.loss(model), model.trainableParameters());
    opt.applyGradients(grads);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  try {
    await step(); // warm-up: kernel set-up, weight upload
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step();
    return (performance.now() - t0) / steps;
  } finally {
    opt.dispose();
    model.dispose();
  }
}

/**
 * `seqlab bench`: training tokens/s of each task model on each available backend (same process,
 * same synthetic batches), then — with `--peers on` — the models package's benchmark scripts,
 * which run PyTorch CPU on the same equations beside wasm and print the ratios.
 */
export async function runBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags('bench', argv, BENCH_FLAGS);
  if (positionals.length) throw new UsageError(`seqlab bench: unexpected argument "${positionals[0]}"`);
  const native = (await loadNative()).some((p) => p.ok);
  const available = [...(native ? ['tensorflow'] : []), 'wasm', 'cpu'];
  const wanted = get.str(f, 'backends') === 'all' ? available : get.str(f, 'backends')!.split(',').map((s) => s.trim());
  for (const b of wanted) if (!available.includes(b)) throw new UsageError(`seqlab bench: backend "${b}" is not available (available: ${available.join(', ')})`);
  const steps = get.num(f, 'steps');
  const rows: string[][] = [['model', ...wanted.map((b) => `${b} tok/s`), ...(wanted.length > 1 ? [`${wanted[0]}/${wanted.at(-1)}`] : [])]];
  const results = new Map<string, number[]>();
  for (const b of wanted) {
    await activateBackend(b);
    for (const c of cases()) {
      io.err(`bench: ${c.name} on ${b}...\n`);
      const ms = await timeSteps(c, steps);
      results.set(c.name, [...(results.get(c.name) ?? []), (c.tokens * 1000) / ms]);
    }
  }
  for (const [name, tps] of results) rows.push([name, ...tps.map((t) => t.toFixed(0)), ...(tps.length > 1 ? [`${(tps[0]! / tps.at(-1)!).toFixed(2)}x`] : [])]);
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  io.out(`training throughput, batch ${B}, target tokens per second (mean of ${steps} steps after a warm-up):\n`);
  for (const r of rows) io.out(`  ${r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ')}\n`);
  if (get.str(f, 'peers') === 'on') await runPeers(io);
  return 0;
}

/** The models package's benchmark scripts (wasm vs PyTorch CPU on the same equations), `--quick`. */
async function runPeers(io: CliIo): Promise<void> {
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('@seqlab/models/package.json')), 'bench');
  } catch {
    io.out('\nPyTorch peer: skipped (@seqlab/models/package.json not found)\n');
    return;
  }
  for (const script of ['seq2seq-attention.bench.mjs', 'char-lm.bench.mjs', 'transformer-lm.bench.mjs']) {
    const path = join(dir, script);
    if (!existsSync(path)) {
      io.out(`\nPyTorch peer ${script}: skipped (not in this install: the benchmark scripts ship with the seqlab repository, not the npm package)\n`);
      continue;
    }
    io.out(`\n== ${script} (wasm vs PyTorch CPU) ==\n`);
    await new Promise<void>((resolve) => {
      const p = spawn(process.execPath, [path, '--quick'], { stdio: ['ignore', 'pipe', 'pipe'] });
      p.stdout.on('data', (d) => io.out(String(d)));
      p.stderr.on('data', (d) => io.err(String(d)));
      p.on('close', () => resolve());
      p.on('error', (e) => {
        io.out(`could not run ${script}: ${e.message}\n`);
        resolve();
      });
    });
  }
}
