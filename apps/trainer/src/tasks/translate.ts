import { Generator } from '@seqlab/core';
import { bucketBatches, ENG_PREFIXES, keepPair, normalizeTutorial, parsePairs, splitDataset, type SentencePair, type Splits } from '@seqlab/data';
import { loadDeEnPairs } from '@seqlab/datasets';
import type { Seq2SeqModel } from '@seqlab/models';
import { corpusBleu, tokenCrossEntropy, type BleuScore } from '@seqlab/train';
import { Tokenizer } from '@seqlab/tokenizers';
import { tensor2d, type Scalar } from '@tensorflow/tfjs-core';
import { get, type FlagValues } from '../args.js';
import { limitItems, readDataFile } from '../data-files.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { attentionPictures } from '../pictures.js';
import { evalProgress } from '../progress.js';
import { BOS_ID, encodeIds, EOS_ID, PAD_ID, referenceText, trainTokenizer, type TokenizerKind } from '../tokenizers.js';
import type { PreparedTask, TaskDefinition } from '../train/task.js';
import { sourceIds, translateTexts, type Translation } from './seq2seq-decode.js';
import { buildTranslator, TRANSLATE_MODEL_FLAGS } from './translate-model.js';

/** A padded teacher-forcing batch on the host. */
export interface Seq2SeqBatch {
  src: Int32Array;
  srcShape: [number, number];
  /** BOS + target. */
  tgtIn: Int32Array;
  /** Target + EOS (PAD where padded: ignored by the loss). */
  tgtOut: Int32Array;
  tgtShape: [number, number];
  tokens: number;
}

/** Packs id sequences into a {@link Seq2SeqBatch}. */
export function seq2seqBatch(src: number[][], tgt: number[][]): Seq2SeqBatch {
  const S = Math.max(...src.map((s) => s.length));
  const T = Math.max(...tgt.map((t) => t.length)) + 1;
  const n = src.length;
  const s = new Int32Array(n * S).fill(PAD_ID);
  const ti = new Int32Array(n * T).fill(PAD_ID);
  const to = new Int32Array(n * T).fill(PAD_ID);
  let tokens = 0;
  for (let i = 0; i < n; i++) {
    s.set(src[i]!, i * S);
    ti.set([BOS_ID, ...tgt[i]!], i * T);
    to.set([...tgt[i]!, EOS_ID], i * T);
    tokens += tgt[i]!.length + 1;
  }
  return { src: s, srcShape: [n, S], tgtIn: ti, tgtOut: to, tgtShape: [n, T], tokens };
}

/** `seqlab train translate`. */
export const translateTask: TaskDefinition = {
  name: 'translate',
  summary: 'a translator (RNN + attention or Transformer) on German->English pairs, or your own source<TAB>target file',
  // Sized for the main job: <= 10 minutes on 2 cores without a GPU (about 1 s per update on wasm);
  // --max-minutes stops training early on a slower or busier machine and still evaluates and saves.
  defaults: { steps: 900, 'batch-size': 64, lr: 3e-3, warmup: 20, 'eval-every': 60, 'checkpoint-every': 60, 'log-every': 20, 'max-minutes': 7 },
  flags: {
    ...TRANSLATE_MODEL_FLAGS,
    tokenizer: { type: 'choice', choices: ['word', 'bpe'], default: 'word', help: 'word-level or BPE tokenizers (trained on the training split)' },
    'vocab-size': { type: 'int', min: 8, default: 8000, help: 'largest vocabulary per language, specials included' },
    'min-freq': { type: 'int', min: 0, default: 2, help: 'words (word) or pairs (bpe) seen fewer times are not in the vocabulary' },
    'max-words': { type: 'int', min: 2, default: 10, help: 'keep pairs whose sides have fewer words than this (the notebook\'s MAX_LENGTH)' },
    'eng-prefixes': { type: 'boolean', default: false, help: 'keep only pairs whose English side starts like "i am", "he is"... (the notebook\'s eng_prefixes; leaves ~840 of the built-in pairs)' },
    reverse: { type: 'boolean', default: false, help: 'swap the columns of --data (target<TAB>source files)' },
    'label-smoothing': { type: 'number', min: 0, max: 0.99, default: 0, help: 'label smoothing of the loss' },
    beam: { type: 'int', min: 1, default: 1, help: 'beam width of the held-out evaluation (1: greedy)' },
    samples: { type: 'int', min: 0, default: 10, help: 'random held-out translations printed at the end' },
    'attention-maps': { type: 'int', min: 0, default: 3, help: 'attention heat-maps written into the bundle' },
  },
  async prepare(f: FlagValues, saved: Record<string, string> | null): Promise<PreparedTask<unknown>> {
    const seed = get.num(f, 'seed');
    const maxWords = get.num(f, 'max-words');
    const { pairs, source, split } = await translateData(f);
    const kind = get.str(f, 'tokenizer') as TokenizerKind;
    const tokOpts = { vocabSize: get.num(f, 'vocab-size'), minFrequency: get.num(f, 'min-freq') };
    const srcTok = saved?.source ? Tokenizer.fromJSON(saved.source) : await trainTokenizer(kind, split.train.map((p) => p[0]), tokOpts);
    const tgtTok = saved?.target ? Tokenizer.fromJSON(saved.target) : await trainTokenizer(kind, split.train.map((p) => p[1]), tokOpts);
    const maxLen = Math.max(16, maxWords * (kind === 'bpe' ? 4 : 3));
    const encode = (ps: SentencePair[]) => ({
      src: ps.map(([s]) => sourceIds(srcTok, s, maxLen)),
      tgt: ps.map(([, t]) => encodeIds(tgtTok, t).slice(0, maxLen - 1)),
    });
    const train = encode(split.train);
    const valid = encode(split.valid);
    const batchSize = get.num(f, 'batch-size');
    const toBatches = (d: { src: number[][]; tgt: number[][] }, order: number[][]) => order.map((idx) => seq2seqBatch(idx.map((i) => d.src[i]!), idx.map((i) => d.tgt[i]!)));
    const validBatches = valid.src.length ? toBatches(valid, bucketBatches(valid.src.map((s) => s.length), { batchSize, shuffle: false })) : [];
    const rng = new Generator(seed);
    const { model, type } = buildTranslator(f, srcTok.getVocabSize(), tgtTok.getVocabSize(), maxLen, rng);
    const s2s = model as unknown as Seq2SeqModel<unknown> & { forward(src: unknown, tgtIn: unknown, opts?: unknown): never };
    const smoothing = get.num(f, 'label-smoothing');
    const teacherForcing = get.num(f, 'teacher-forcing');
    return {
      model,
      architectureType: type,
      tokenizers: { source: srcTok, target: tgtTok },
      bundleExtras: { data: source, pairs: pairs.length, split: { train: split.train.length, valid: split.valid.length, test: split.test.length } },
      describe: [
        `data: ${source}: ${pairs.length} pairs (train ${split.train.length}, valid ${split.valid.length}, test ${split.test.length})`,
        `tokenizers: ${kind}, source vocabulary ${srcTok.getVocabSize()}, target vocabulary ${tgtTok.getVocabSize()}`,
      ],
      trainBatches: (epoch) => toBatches(train, bucketBatches(train.src.map((s) => s.length), { batchSize, seed: seed * 1000 + epoch })),
      validBatches: () => validBatches,
      tokensOf: (b) => (b as Seq2SeqBatch).tokens,
      loss: (batch, ctx) => {
        const b = batch as Seq2SeqBatch;
        const src = tensor2d(b.src, b.srcShape, 'int32');
        const tgtIn = tensor2d(b.tgtIn, b.tgtShape, 'int32');
        const tgtOut = tensor2d(b.tgtOut, b.tgtShape, 'int32');
        // RNN translators take a teacher-forcing ratio (the notebook's); the Transformer always teacher-forces.
        const logits = type === 'transformer-seq2seq' || !ctx.training ? s2s.forward(src, tgtIn) : s2s.forward(src, tgtIn, { teacherForcingRatio: teacherForcing, random: () => ctx.rng.random() });
        return { loss: tokenCrossEntropy(logits, tgtOut, { padId: PAD_ID, labelSmoothing: ctx.training ? smoothing : 0 }) as Scalar, tokens: b.tokens };
      },
      async final(io2: CliIo) {
        const test = split.test.length ? split.test : split.valid;
        io2.err(`evaluating on ${test.length} held-out pairs (${get.num(f, 'beam') > 1 ? `beam ${get.num(f, 'beam')}` : 'greedy'})...\n`);
        const { bleu, results } = await evaluateTranslator(s2s, srcTok, tgtTok, test, get.num(f, 'beam'), maxLen, io2);
        // evaluateRandomly: ten random held-out pairs, `>` source, `=` reference, `<` output.
        const pick = new Generator(seed + 1).permutation(test.length).slice(0, get.num(f, 'samples'));
        const lines = [`held-out BLEU ${bleu.score.toFixed(2)} (sacreBLEU 13a, ${test.length} sentences; n-gram precisions ${bleu.precisions.map((p) => p.toFixed(1)).join('/')})`, ''];
        for (const i of pick) lines.push(`> ${test[i]![0]}`, `= ${test[i]![1]}`, `< ${results[i]!.output}${results[i]!.outputTokens.at(-1) === '</s>' ? ' <EOS>' : ''}`, '');
        const maps = pick.slice(0, get.num(f, 'attention-maps')).map((i) => results[i]!);
        const files = await attentionPictures(maps);
        return { metrics: { bleu: bleu.score }, lines, files };
      },
    };
  },
};

/**
 * The pairs of a translate run (its `--data` file or the built-in German->English pairs, with
 * the `--max-words` / `--eng-prefixes` filters and `--limit`) and their seeded split. A bundle's
 * saved flags give the same split again, so `seqlab eval` scores the same held-out pairs.
 */
export async function translateData(f: FlagValues): Promise<{ pairs: SentencePair[]; source: string; split: Splits<SentencePair> }> {
  const maxWords = get.num(f, 'max-words');
  const prefixes = get.bool(f, 'eng-prefixes');
  const keep = ([s, t]: SentencePair) => keepPair(s, t, { maxLength: maxWords }) && (!prefixes || hasEngPrefix(t));
  const dataPath = get.str(f, 'data');
  let pairs: SentencePair[];
  let source: string;
  if (dataPath) {
    pairs = parsePairs(await readDataFile(dataPath), { file: dataPath, reverse: get.bool(f, 'reverse') }).pairs.filter(keep);
    source = dataPath;
  } else {
    pairs = loadDeEnPairs().filter(keep);
    source = 'built-in German->English pairs (@seqlab/datasets loadDeEnPairs)';
  }
  pairs = limitItems(pairs, get.num(f, 'limit'));
  if (pairs.length < 3) throw new UsageError(`translate: only ${pairs.length} pairs left after the filters (--max-words ${maxWords}${prefixes ? ', --eng-prefixes' : ''}); need at least 3`);
  const split = splitDataset(pairs, { valid: get.num(f, 'valid-fraction'), test: get.num(f, 'test-fraction'), seed: get.num(f, 'seed') });
  return { pairs, source, split };
}

/** Translates the sources of `pairs` and scores them against the references with sacreBLEU-exact BLEU. */
export async function evaluateTranslator(
  model: Seq2SeqModel<unknown>,
  srcTok: Tokenizer,
  tgtTok: Tokenizer,
  pairs: readonly SentencePair[],
  beam: number,
  maxLen: number,
  io?: CliIo,
): Promise<{ bleu: BleuScore; results: Translation[] }> {
  const results = await translateTexts(model, srcTok, tgtTok, pairs.map((p) => p[0]), { beam, maxLength: maxLen, maxSourceLength: maxLen, ...(io ? { onProgress: evalProgress(io, 'translated') } : {}) });
  const bleu = corpusBleu(results.map((r) => r.output), [pairs.map((p) => referenceText(tgtTok, p[1]))]);
  return { bleu, results };
}

/**
 * The tutorial's `eng_prefixes` test on the English side, after the tutorial's own normalisation
 * (lowercase, ASCII, punctuation spaced: "I'm" -> "i m"), so the prefix list is used unchanged.
 */
function hasEngPrefix(english: string): boolean {
  const t = normalizeTutorial(english.replace(/’/g, "'"));
  return ENG_PREFIXES.some((p) => t.startsWith(p));
}
