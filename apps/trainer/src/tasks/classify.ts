import { crossEntropy, Generator } from '@seqlab/core';
import { bucketBatches } from '@seqlab/data';
import { NameClassifier } from '@seqlab/models';
import { accuracy } from '@seqlab/train';
import { argMax, softmax, tensor1d, tensor2d, tidy, type Scalar } from '@tensorflow/tfjs-core';
import { get, type FlagValues } from '../args.js';
import { confusionPictures } from '../pictures.js';
import { encodeIds, PAD_ID, } from '../tokenizers.js';
import type { PreparedTask, TaskDefinition } from '../train/task.js';
import { namesData, namesModelConfig, namesModelFlags, namesRunInfo, namesTokenizer, type LabelledName } from './names-data.js';

/** A padded batch of names with their labels. */
export interface NamesBatch {
  ids: Int32Array;
  shape: [number, number];
  lengths: number[];
  labels: Int32Array;
}

/** Pads character ids into a {@link NamesBatch}. */
export function namesBatch(seqs: number[][], labels: number[]): NamesBatch {
  const T = Math.max(1, ...seqs.map((s) => s.length));
  const ids = new Int32Array(seqs.length * T).fill(PAD_ID);
  seqs.forEach((s, i) => ids.set(s, i * T));
  return { ids, shape: [seqs.length, T], lengths: seqs.map((s) => Math.max(1, s.length)), labels: Int32Array.from(labels) };
}

/** Predicted class per name, in input order (batches of 256). */
export async function classifyIds(model: NameClassifier, seqs: number[][]): Promise<{ predictions: number[]; probabilities: number[][] }> {
  const predictions: number[] = [];
  const probabilities: number[][] = [];
  for (let s = 0; s < seqs.length; s += 256) {
    const chunk = seqs.slice(s, s + 256).map((x) => (x.length ? x : [PAD_ID]));
    const b = namesBatch(chunk, chunk.map(() => 0));
    const [pred, prob] = tidy(() => {
      const logits = model.forward(tensor2d(b.ids, b.shape, 'int32'), b.lengths);
      const p = softmax(logits);
      return [argMax(logits, -1), p];
    });
    const pv = await pred!.data();
    const probs = await prob!.data();
    pred!.dispose();
    prob!.dispose();
    const C = probs.length / chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      predictions.push(pv[i]!);
      probabilities.push(Array.from(probs.subarray(i * C, (i + 1) * C)));
    }
  }
  return { predictions, probabilities };
}

/** Accuracy and the row-normalised confusion matrix (rows: true language, columns: guess). */
export function confusion(labels: number[], predictions: number[], classes: number): { accuracy: number; matrix: number[][] } {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  labels.forEach((l, i) => counts[l]![predictions[i]!]!++);
  const matrix = counts.map((row) => {
    const n = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (n ? c / n : 0));
  });
  return { accuracy: accuracy(predictions, labels).accuracy, matrix };
}

/** `seqlab train classify-names`. */
export const classifyTask: TaskDefinition = {
  name: 'classify-names',
  summary: 'a character-level RNN that tells a name\'s language (the PyTorch tutorial), on built-in names or a folder of <Language>.txt files',
  defaults: { steps: 2000, 'batch-size': 64, lr: 3e-3, 'eval-every': 250, 'checkpoint-every': 250 },
  flags: {
    ...namesModelFlags('character embedding size'),
    bidirectional: { type: 'boolean', default: false, help: 'read names both ways' },
  },
  async prepare(f: FlagValues, saved: Record<string, string> | null): Promise<PreparedTask<unknown>> {
    const seed = get.num(f, 'seed');
    const data = await namesData(f);
    const { labels, split } = data;
    const tok = await namesTokenizer(data, saved);
    const encode = (xs: LabelledName[]) => xs.map(([n]) => encodeIds(tok, n));
    const train = encode(split.train);
    const batchSize = get.num(f, 'batch-size');
    const batches = (xs: LabelledName[], ids: number[][], order: number[][]) => order.map((idx) => namesBatch(idx.map((i) => ids[i]!), idx.map((i) => xs[i]![1])));
    const validIds = encode(split.valid);
    const valid = split.valid.length ? batches(split.valid, validIds, bucketBatches(validIds.map((s) => s.length), { batchSize, shuffle: false })) : [];
    const model = new NameClassifier({
      vocabSize: tok.getVocabSize(),
      numClasses: labels.length,
      padId: PAD_ID,
      ...namesModelConfig(f),
      bidirectional: get.bool(f, 'bidirectional'),
      rng: new Generator(seed),
    });
    return {
      model,
      architectureType: NameClassifier.type,
      tokenizers: { names: tok },
      ...namesRunInfo(data, tok),
      trainBatches: (epoch) => batches(split.train, train, bucketBatches(train.map((s) => s.length), { batchSize, seed: seed * 1000 + epoch })),
      validBatches: () => valid,
      tokensOf: (b) => (b as NamesBatch).lengths.reduce((a, c) => a + c, 0),
      loss: (batch) => {
        const b = batch as NamesBatch;
        const logits = model.forward(tensor2d(b.ids, b.shape, 'int32'), b.lengths);
        return crossEntropy(logits, tensor1d(b.labels, 'int32')) as Scalar;
      },
      async final() {
        const test = split.test.length ? split.test : split.valid;
        const { predictions } = await classifyIds(model, encode(test));
        const { accuracy: acc, matrix } = confusion(test.map(([, l]) => l), predictions, labels.length);
        const lines = [`held-out accuracy ${(acc * 100).toFixed(2)}% on ${test.length} names (${labels.length} languages; chance ${(100 / labels.length).toFixed(1)}%)`, ''];
        const perClass = labels.map((l, i) => `${l} ${(matrix[i]![i]! * 100).toFixed(0)}%`);
        lines.push(`per language: ${perClass.join(', ')}`, '');
        for (const i of new Generator(seed + 1).permutation(test.length).slice(0, 10)) {
          lines.push(`${test[i]![0]} -> ${labels[predictions[i]!]} (${labels[test[i]![1]]})`);
        }
        return { metrics: { accuracy: acc }, lines, files: await confusionPictures(labels, matrix) };
      },
    };
  },
};
