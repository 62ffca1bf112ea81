import { Generator } from '@seqlab/core';
import { bucketBatches } from '@seqlab/data';
import { NameGenerator } from '@seqlab/models';
import { perplexity, tokenCrossEntropy } from '@seqlab/train';
import { mul, sum, tensor1d, tensor2d, tidy, type Scalar } from '@tensorflow/tfjs-core';
import { get, type FlagValues } from '../args.js';
import { BOS_ID, encodeIds, EOS_ID, PAD_ID, } from '../tokenizers.js';
import type { PreparedTask, TaskDefinition } from '../train/task.js';
import { sampleNames } from './sample-names.js';
import { namesData, namesModelConfig, namesModelFlags, namesRunInfo, namesTokenizer, type LabelledName } from './names-data.js';

/** A teacher-forcing batch of names with their categories. */
export interface GenBatch {
  category: Int32Array;
  tgtIn: Int32Array;
  tgtOut: Int32Array;
  shape: [number, number];
  tokens: number;
}

/** `[BOS, ...name]` -> `[...name, EOS]`, padded. */
export function genBatch(seqs: number[][], cats: number[]): GenBatch {
  const T = Math.max(...seqs.map((s) => s.length)) + 1;
  const tgtIn = new Int32Array(seqs.length * T).fill(PAD_ID);
  const tgtOut = new Int32Array(seqs.length * T).fill(PAD_ID);
  let tokens = 0;
  seqs.forEach((s, i) => {
    tgtIn.set([BOS_ID, ...s], i * T);
    tgtOut.set([...s, EOS_ID], i * T);
    tokens += s.length + 1;
  });
  return { category: Int32Array.from(cats), tgtIn, tgtOut, shape: [seqs.length, T], tokens };
}

/** Total NLL and token count of batches (for perplexity). */
export async function generatorNll(model: NameGenerator, batches: GenBatch[]): Promise<{ nll: number; tokens: number }> {
  let nll = 0;
  let tokens = 0;
  for (const b of batches) {
    const t = tidy(() => mul(tokenCrossEntropy(model.forward(tensor1d(b.category, 'int32'), tensor2d(b.tgtIn, b.shape, 'int32')), tensor2d(b.tgtOut, b.shape, 'int32'), { padId: PAD_ID }), b.tokens));
    nll += (await sum(t).data())[0]!;
    t.dispose();
    tokens += b.tokens;
  }
  return { nll, tokens };
}

/** `seqlab train generate-names`. */
export const generateNamesTask: TaskDefinition = {
  name: 'generate-names',
  summary: 'a character-level RNN that writes names of a given language (the PyTorch tutorial)',
  defaults: { steps: 2000, 'batch-size': 64, lr: 3e-3, 'eval-every': 250, 'checkpoint-every': 250 },
  flags: {
    ...namesModelFlags('character and category embedding size'),
    temperature: { type: 'number', min: 0.01, default: 0.8, help: 'sampling temperature of the names printed at the end' },
  },
  async prepare(f: FlagValues, saved: Record<string, string> | null): Promise<PreparedTask<unknown>> {
    const seed = get.num(f, 'seed');
    const data = await namesData(f);
    const { labels, split } = data;
    const tok = await namesTokenizer(data, saved);
    const encode = (xs: LabelledName[]) => xs.map(([n]) => encodeIds(tok, n).slice(0, 40));
    const batchSize = get.num(f, 'batch-size');
    const batches = (xs: LabelledName[], ids: number[][], order: number[][]) => order.map((idx) => genBatch(idx.map((i) => ids[i]!), idx.map((i) => xs[i]![1])));
    const train = encode(split.train);
    const validIds = encode(split.valid);
    const valid = split.valid.length ? batches(split.valid, validIds, bucketBatches(validIds.map((s) => s.length), { batchSize, shuffle: false })) : [];
    const model = new NameGenerator({
      vocabSize: tok.getVocabSize(),
      numCategories: labels.length,
      padId: PAD_ID,
      ...namesModelConfig(f),
      rng: new Generator(seed),
    });
    return {
      model,
      architectureType: NameGenerator.type,
      tokenizers: { names: tok },
      ...namesRunInfo(data, tok),
      trainBatches: (epoch) => batches(split.train, train, bucketBatches(train.map((s) => s.length), { batchSize, seed: seed * 1000 + epoch })),
      validBatches: () => valid,
      tokensOf: (b) => (b as GenBatch).tokens,
      loss: (batch) => {
        const b = batch as GenBatch;
        const logits = model.forward(tensor1d(b.category, 'int32'), tensor2d(b.tgtIn, b.shape, 'int32'));
        return { loss: tokenCrossEntropy(logits, tensor2d(b.tgtOut, b.shape, 'int32'), { padId: PAD_ID }) as Scalar, tokens: b.tokens };
      },
      async final() {
        const test = split.test.length ? split.test : split.valid;
        const testIds = encode(test);
        const { nll, tokens } = await generatorNll(model, batches(test, testIds, bucketBatches(testIds.map((s) => s.length), { batchSize: 256, shuffle: false })));
        const ppl = perplexity(nll, tokens);
        const lines = [`held-out perplexity ${ppl.toFixed(3)} per character on ${test.length} names (uniform guess: ${tok.getVocabSize()})`, ''];
        const rng = new Generator(seed + 1);
        for (const lang of labels.slice(0, 16)) {
          const names = await sampleNames(model, tok, labels.indexOf(lang), 3, { temperature: get.num(f, 'temperature'), rng });
          lines.push(`${lang}: ${names.join(', ')}`);
        }
        return { metrics: { perplexity: ppl }, lines, files: {} };
      },
    };
  },
};
