import { crossEntropy, Generator, type Module } from '@seqlab/core';
import { parseCorpus } from '@seqlab/data';
import { loadMobyDick } from '@seqlab/datasets/node';
import { CharLM, TransformerLanguageModel } from '@seqlab/models';
import { perplexity } from '@seqlab/train';
import { Tokenizer } from '@seqlab/tokenizers';
import { dispose, mul, tensor2d, tidy, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { get, type FlagValues } from '../args.js';
import { readDataFile } from '../data-files.js';
import { UsageError } from '../errors.js';
import { trainTokenizer, type TokenizerKind } from '../tokenizers.js';
import type { BundledModel, PreparedTask, TaskDefinition } from '../train/task.js';
import { generateText } from './lm-generate.js';

/** A batch of LM windows: inputs and next-token targets, both `[N, T]`. */
export interface LmWindows {
  ids: Int32Array;
  targets: Int32Array;
  shape: [number, number];
}

/** Logits `[N, T, V]` of either LM (the recurrent one also returns a state, freed here). */
export function lmLogits(model: Module, ids: Tensor): Tensor {
  if (model instanceof CharLM) {
    const out = model.forward(ids);
    dispose([out.state.h, ...(out.state.c ? [out.state.c] : [])]);
    return out.logits;
  }
  return (model as TransformerLanguageModel).forward(ids);
}

/** Cuts `stream` into consecutive windows of `len + 1` tokens, `rows` per batch (evaluation: every token once). */
export function sequentialWindows(stream: Int32Array, rows: number, len: number): LmWindows[] {
  const out: LmWindows[] = [];
  const n = Math.floor((stream.length - 1) / len);
  for (let w = 0; w < n; w += rows) {
    const k = Math.min(rows, n - w);
    const ids = new Int32Array(k * len);
    const targets = new Int32Array(k * len);
    for (let r = 0; r < k; r++) {
      const at = (w + r) * len;
      ids.set(stream.subarray(at, at + len), r * len);
      targets.set(stream.subarray(at + 1, at + 1 + len), r * len);
    }
    out.push({ ids, targets, shape: [k, len] });
  }
  return out;
}

/** Mean NLL per token over windows. */
export async function lmNll(model: Module, windows: LmWindows[]): Promise<{ nll: number; tokens: number }> {
  let nll = 0;
  let tokens = 0;
  for (const w of windows) {
    const t = tidy(() => mul(crossEntropy(lmLogits(model, tensor2d(w.ids, w.shape, 'int32')), tensor2d(w.targets, w.shape, 'int32')), w.ids.length));
    nll += (await t.data())[0]!;
    t.dispose();
    tokens += w.ids.length;
  }
  return { nll, tokens };
}

/** The text of an `lm` run, whitespace collapsed, as ids, split 90 / 5 / 5 in order (the end of the text is held out). */
export async function lmData(f: FlagValues, tok: Tokenizer | null): Promise<{ tok: Tokenizer; train: Int32Array; valid: Int32Array; test: Int32Array; source: string; chars: number }> {
  const path = get.str(f, 'data');
  const text = path ? parseCorpus(await readDataFile(path), { file: path }).join(' ') : loadMobyDick();
  let flat = text.replace(/\s+/g, ' ').trim();
  const limit = get.num(f, 'limit');
  if (limit > 0) flat = flat.slice(0, limit);
  if (flat.length < 100) throw new UsageError(`lm: the corpus has ${flat.length} characters after --limit; need at least 100`);
  const vf = get.num(f, 'valid-fraction') || 0.05;
  const tf = get.num(f, 'test-fraction') || 0.05;
  const cut1 = cutAtSpace(flat, Math.floor(flat.length * (1 - vf - tf)));
  const cut2 = cutAtSpace(flat, Math.floor(flat.length * (1 - tf)));
  const parts = [flat.slice(0, cut1), flat.slice(cut1, cut2), flat.slice(cut2)];
  const kind = (get.str(f, 'level') === 'bpe' ? 'bpe' : 'char') as TokenizerKind;
  const t = tok ?? (await trainTokenizer(kind, chunks(parts[0]!), { vocabSize: get.num(f, 'vocab-size'), minFrequency: 2 }));
  const encode = (s: string) => Int32Array.from(chunks(s).flatMap((c) => Array.from(t.encode(c).ids)));
  const [train, valid, test] = parts.map(encode) as [Int32Array, Int32Array, Int32Array];
  return { tok: t, train, valid, test, source: path ?? 'built-in Moby-Dick (@seqlab/datasets loadMobyDick, public domain)', chars: flat.length };
}

/** ~2 KB pieces cut at spaces (the tokenizers work per piece; pieces keep words whole). */
function chunks(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    const j = i + 2048 >= s.length ? s.length : cutAtSpace(s, i + 2048);
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function cutAtSpace(s: string, at: number): number {
  const j = s.indexOf(' ', at);
  return j < 0 ? s.length : j;
}

/** `seqlab train lm`. */
export const lmTask: TaskDefinition = {
  name: 'lm',
  summary: 'a language model (recurrent or Transformer, over characters or BPE tokens) on Moby-Dick or your own text',
  // ~1 s per update of either default model on one wasm core: 600 updates fit the 10-minute cap.
  defaults: { steps: 600, 'batch-size': 32, lr: 3e-3, 'eval-every': 100, 'checkpoint-every': 100, 'valid-fraction': 0.05, 'test-fraction': 0.05, 'max-minutes': 10 },
  flags: {
    arch: { type: 'choice', choices: ['rnn', 'transformer'], default: 'rnn', help: 'recurrent LM (PyTorch word_language_model) or decoder-only Transformer' },
    level: { type: 'choice', choices: ['char', 'bpe'], default: 'char', help: 'characters or BPE tokens (trained on the training part)' },
    'vocab-size': { type: 'int', min: 8, default: 2000, help: 'BPE vocabulary size (--level bpe)' },
    cell: { type: 'choice', choices: ['rnn', 'gru', 'lstm'], default: 'lstm', help: 'recurrent cell (rnn)' },
    embedding: { type: 'int', min: 1, default: 64, help: 'embedding size (rnn)' },
    hidden: { type: 'int', min: 1, default: 256, help: 'hidden size (rnn)' },
    layers: { type: 'int', min: 1, default: 2, help: 'layers' },
    'd-model': { type: 'int', min: 8, default: 128, help: 'model width (transformer)' },
    heads: { type: 'int', min: 1, default: 4, help: 'attention heads (transformer)' },
    ff: { type: 'int', min: 8, default: 512, help: 'feed-forward width (transformer)' },
    tie: { type: 'choice', choices: ['on', 'off'], default: 'on', help: 'share the token embedding with the output layer (transformer, as GPT-2)' },
    dropout: { type: 'number', min: 0, max: 0.95, default: 0.1, help: 'dropout in training' },
    bptt: { type: 'int', min: 2, default: 64, help: 'tokens per training window' },
    prompt: { type: 'string', default: 'call me ', help: 'prompt of the sample printed at the end' },
    'sample-length': { type: 'int', min: 0, default: 300, help: 'tokens sampled at the end' },
    temperature: { type: 'number', min: 0.01, default: 0.8, help: 'sampling temperature of the sample' },
  },
  async prepare(f: FlagValues, saved: Record<string, string> | null): Promise<PreparedTask<unknown>> {
    const seed = get.num(f, 'seed');
    const { tok, train, valid, test, source, chars } = await lmData(f, saved?.text ? Tokenizer.fromJSON(saved.text) : null);
    const bptt = get.num(f, 'bptt');
    const batchSize = get.num(f, 'batch-size');
    if (train.length < bptt + 2) throw new UsageError(`lm: the training part has ${train.length} tokens, fewer than --bptt ${bptt} + 2`);
    const V = tok.getVocabSize();
    const rng = new Generator(seed);
    const arch = get.str(f, 'arch');
    const model: BundledModel =
      arch === 'transformer'
        ? new TransformerLanguageModel({ vocabSize: V, dModel: get.num(f, 'd-model'), nhead: get.num(f, 'heads'), numLayers: get.num(f, 'layers'), dimFeedforward: get.num(f, 'ff'), dropout: get.num(f, 'dropout'), maxLen: Math.max(bptt, 256), tieWeights: get.str(f, 'tie') === 'on', rng })
        : new CharLM({ vocabSize: V, cell: get.str(f, 'cell') as 'lstm', embeddingDim: get.num(f, 'embedding'), hiddenSize: get.num(f, 'hidden'), numLayers: get.num(f, 'layers'), dropout: get.num(f, 'dropout'), rng });
    const type = arch === 'transformer' ? TransformerLanguageModel.type : CharLM.type;
    const perEpoch = Math.max(1, Math.floor(train.length / (batchSize * bptt)));
    const validWindows = valid.length > bptt + 1 ? sequentialWindows(valid, 64, bptt).slice(0, 8) : [];
    return {
      model,
      architectureType: type,
      tokenizers: { text: tok },
      bundleExtras: { data: source, characters: chars, tokens: { train: train.length, valid: valid.length, test: test.length }, level: get.str(f, 'level') },
      describe: [`data: ${source}: ${chars.toLocaleString('en-US')} characters; tokens train ${train.length}, valid ${valid.length}, test ${test.length} (the end of the text is held out)`, `vocabulary: ${V} (${get.str(f, 'level')})`],
      trainBatches: (epoch) => {
        // Random windows, seeded per epoch, so a resume replays the same epoch.
        const g = new Generator(seed * 1000 + epoch);
        return Array.from({ length: perEpoch }, () => {
          const ids = new Int32Array(batchSize * bptt);
          const targets = new Int32Array(batchSize * bptt);
          for (let r = 0; r < batchSize; r++) {
            const at = g.int(train.length - bptt - 1);
            ids.set(train.subarray(at, at + bptt), r * bptt);
            targets.set(train.subarray(at + 1, at + 1 + bptt), r * bptt);
          }
          return { ids, targets, shape: [batchSize, bptt] } as LmWindows;
        });
      },
      validBatches: () => validWindows,
      tokensOf: (b) => (b as LmWindows).ids.length,
      loss: (batch) => {
        const b = batch as LmWindows;
        return crossEntropy(lmLogits(model, tensor2d(b.ids, b.shape, 'int32')), tensor2d(b.targets, b.shape, 'int32')) as Scalar;
      },
      async final() {
        const held = test.length > bptt + 1 ? test : valid;
        const { nll, tokens } = await lmNll(model, sequentialWindows(held, 64, bptt));
        const ppl = perplexity(nll, tokens);
        const perChar = Math.exp(nll / Math.max(1, tok.decode(Array.from(held.subarray(0, Math.floor(tokens / bptt) * bptt + 1))).length));
        const sample = await generateText(model as unknown as Parameters<typeof generateText>[0], tok, get.str(f, 'prompt')!, {
          maxTokens: get.num(f, 'sample-length'),
          temperature: get.num(f, 'temperature'),
          rng: new Generator(seed + 1),
        });
        return {
          metrics: { perplexity: ppl, perplexityPerChar: perChar },
          lines: [`held-out perplexity ${ppl.toFixed(3)} per ${get.str(f, 'level') === 'bpe' ? 'token' : 'character'} on ${tokens} tokens (${perChar.toFixed(3)} per character; uniform guess: ${V})`, '', 'sample:', sample, ''],
          files: {},
        };
      },
    };
  },
};
