import { crossEntropy, Generator, type Module } from '@seqlab/core';
import { CharLM, NameClassifier, NameGenerator, Seq2SeqAttention, TransformerLanguageModel, TransformerSeq2Seq } from '@seqlab/models';
import { AdamW } from '@seqlab/train';
import * as tf from '@tensorflow/tfjs-core';
import { get, parseFlags } from '../args.js';
import { activateBackend, loadNative } from '../backend.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { runTorchPeer, type TorchPeerResult } from './bench-torch.js';

/** Flags of `seqlab bench`. */
export const BENCH_FLAGS = {
  backends: { type: 'string', default: 'all', help: 'comma-separated backends to measure (tensorflow, wasm, cpu), or all available' },
  steps: { type: 'int', min: 1, default: 3, help: 'timed training steps per model and backend (after one warm-up step)' },
  peers: { type: 'choice', choices: ['on', 'off'], default: 'on', help: 'also time the same models in PyTorch CPU (Debian /usr/bin/python3 with python3-torch) at 1 and all threads' },
  models: { type: 'string', default: 'all', help: 'comma-separated model names to measure (prefixes of the names in the table), or all' },
} as const;

/** One model to time: a builder and a synthetic batch's loss. */
interface BenchCase {
  name: string;
  /** Sequences per batch and tokens per sequence (target tokens for seq2seq). */
  batch: number;
  length: number;
  build(rng: Generator): Module & { config: object };
  loss(m: Module): tf.Scalar;
}

const B = 32;
const L = 10;
const V = 2000;
const ids = (rows: number, len: number, vocab: number, seed: number) => {
  const g = new Generator(seed);
  return tf.tensor2d(Int32Array.from({ length: rows * len }, () => 4 + g.int(vocab - 4)), [rows, len], 'int32');
};
const seq2seqLoss = (m: Module) => crossEntropy((m as Seq2SeqAttention | TransformerSeq2Seq).forward(ids(B, L, V, 1), ids(B, L, V, 2)), ids(B, L, V, 3)) as tf.Scalar;

/** The task models at the trainer's default sizes, on batches of 32 sequences of 10 tokens (64 for the LMs). */
function cases(): BenchCase[] {
  const s2s = { srcVocab: V, tgtVocab: V, padId: 0, dropout: 0.1, maxLen: 64 };
  const rnnS2s = { ...s2s, cell: 'gru' as const, embeddingDim: 64, hiddenSize: 128 };
  return [
    {
      name: 'seq2seq-attention (GRU 128, luong-general)',
      batch: B,
      length: L,
      build: (rng) => new Seq2SeqAttention({ ...rnnS2s, attention: 'luong-general', inputFeeding: false, rng }),
      loss: seq2seqLoss,
    },
    {
      name: 'seq2seq-attention (GRU 128, bahdanau)',
      batch: B,
      length: L,
      build: (rng) => new Seq2SeqAttention({ ...rnnS2s, attention: 'bahdanau', rng }),
      loss: seq2seqLoss,
    },
    {
      name: 'transformer-seq2seq (d 128, 1+1 layers)',
      batch: B,
      length: L,
      build: (rng) => new TransformerSeq2Seq({ ...s2s, dModel: 128, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 256, rng }),
      loss: seq2seqLoss,
    },
    {
      name: 'name-classifier (GRU 128)',
      batch: B,
      length: L,
      build: (rng) => new NameClassifier({ vocabSize: 80, numClasses: 16, padId: 0, cell: 'gru', embeddingDim: 64, hiddenSize: 128, rng }),
      loss: (m) => crossEntropy((m as NameClassifier).forward(ids(B, L, 80, 1), new Array(B).fill(L)), tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % 16), 'int32')) as tf.Scalar,
    },
    {
      name: 'name-generator (GRU 128)',
      batch: B,
      length: L,
      build: (rng) => new NameGenerator({ vocabSize: 80, numCategories: 16, padId: 0, cell: 'gru', embeddingDim: 64, hiddenSize: 128, rng }),
      loss: (m) => crossEntropy((m as NameGenerator).forward(tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % 16), 'int32'), ids(B, L, 80, 1)), ids(B, L, 80, 2)) as tf.Scalar,
    },
    {
      name: 'char-lm (LSTM 256 x 2, 64 tokens)',
      batch: B,
      length: 64,
      build: (rng) => new CharLM({ vocabSize: 80, cell: 'lstm', embeddingDim: 64, hiddenSize: 256, numLayers: 2, rng }),
      loss: (m) => {
        const out = (m as CharLM).forward(ids(B, 64, 80, 1));
        return crossEntropy(out.logits, ids(B, 64, 80, 2)) as tf.Scalar;
      },
    },
    {
      name: 'transformer-lm (d 128, 2 layers, 64 tokens)',
      batch: B,
      length: 64,
      build: (rng) => new TransformerLanguageModel({ vocabSize: 80, dModel: 128, nhead: 4, numLayers: 2, dimFeedforward: 512, maxLen: 256, rng }),
      loss: (m) => crossEntropy((m as TransformerLanguageModel).forward(ids(B, 64, 80, 1)), ids(B, 64, 80, 2)) as tf.Scalar,
    },
  ];
}

/** The cases whose names start with one of the comma-separated prefixes, in table order. */
function pickCases(all: BenchCase[], list: string): BenchCase[] {
  const prefixes = list.split(',').map((n) => n.trim());
  for (const p of prefixes) {
    if (!all.some((c) => c.name.startsWith(p))) {
      throw new UsageError(`seqlab bench: no model named "${p}" (models: ${[...new Set(all.map((c) => c.name.split(' ')[0]))].join(', ')})`);
    }
  }
  return all.filter((c) => prefixes.some((p) => c.name.startsWith(p)));
}

/** Mean ms of one full training step (forward, loss, backward, AdamW update), and the model's architecture. */
async function timeSteps(c: BenchCase, steps: number): Promise<{ ms: number; type: string; config: object }> {
  const model = c.build(new Generator(0));
  const type = (model.constructor as unknown as { type: string }).type;
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
    return { ms: (performance.now() - t0) / steps, type, config: model.config };
  } finally {
    opt.dispose();
    model.dispose();
  }
}

/**
 * `seqlab bench`: training tokens/s of each task model on each available backend (same process,
 * same synthetic batches), and — with `--peers on` — of the same models in PyTorch CPU in the same
 * run, with the ratio of seqlab's fastest backend to PyTorch's best thread count.
 */
export async function runBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags('bench', argv, BENCH_FLAGS);
  if (positionals.length) throw new UsageError(`seqlab bench: unexpected argument "${positionals[0]}"`);
  const native = (await loadNative()).some((p) => p.ok);
  const available = [...(native ? ['tensorflow'] : []), 'wasm', 'cpu'];
  const wanted = get.str(f, 'backends') === 'all' ? available : get.str(f, 'backends')!.split(',').map((s) => s.trim());
  for (const b of wanted) if (!available.includes(b)) throw new UsageError(`seqlab bench: backend "${b}" is not available (available: ${available.join(', ')})`);
  const all = cases();
  const picked = get.str(f, 'models') === 'all' ? all : pickCases(all, get.str(f, 'models')!);
  const steps = get.num(f, 'steps');
  const tokS = new Map<string, number[]>();
  const architectures = new Map<string, { type: string; config: object }>();
  for (const b of wanted) {
    await activateBackend(b);
    for (const c of picked) {
      io.err(`bench: ${c.name} on ${b}...\n`);
      const { ms, type, config } = await timeSteps(c, steps);
      tokS.set(c.name, [...(tokS.get(c.name) ?? []), (c.batch * c.length * 1000) / ms]);
      architectures.set(c.name, { type, config });
    }
  }
  let peer: TorchPeerResult | null = null;
  let peerNote = 'PyTorch peer: off (--peers off)';
  if (get.str(f, 'peers') === 'on') {
    io.err('bench: the same models in PyTorch CPU...\n');
    const r = runTorchPeer(picked.map((c) => ({ name: c.name, batch: c.batch, length: c.length, ...architectures.get(c.name)! })), steps);
    if ('skipped' in r) peerNote = `PyTorch peer: skipped (${r.skipped})`;
    else {
      peer = r;
      peerNote = `PyTorch peer: torch ${r.torch} on ${r.blas}, threads ${r.threads.join(' and ')}, the best shown`;
    }
  }
  const header = ['model', ...wanted.map((b) => `${b} tok/s`), ...(wanted.length > 1 ? [`${wanted[0]}/${wanted.at(-1)}`] : [])];
  if (peer) header.push('PyTorch tok/s', 'seqlab/PyTorch');
  const rows: string[][] = [header];
  for (const c of picked) {
    const tps = tokS.get(c.name)!;
    const row = [c.name, ...tps.map((t) => t.toFixed(0)), ...(tps.length > 1 ? [`${(tps[0]! / tps.at(-1)!).toFixed(2)}x`] : [])];
    if (peer) {
      const best = peer.best(c.name);
      const torchTps = (c.batch * c.length * 1000) / best.ms;
      row.push(`${torchTps.toFixed(0)} (${best.threads} thr)`, `${(Math.max(...tps) / torchTps).toFixed(2)}x`);
    }
    rows.push(row);
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  io.out(`training throughput, target tokens per second (forward, loss, backward, AdamW; mean of ${steps} steps after a warm-up):\n`);
  for (const r of rows) io.out(`  ${r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ')}\n`);
  io.out(`${peerNote}\n`);
  return 0;
}
