/**
 * The training worker: trains the reversal model on the backend the page chose (WebGPU by
 * default) so the page never freezes; pausable, resumable, exportable as a bundle (zip).
 * @module
 */
import { Generator, manualSeed } from '@seqlab/core';
import { memoryWriter, saveBundle, TransformerSeq2Seq } from '@seqlab/models';
import * as tf from '@tensorflow/tfjs-core';
import { zipSync } from 'fflate';
import { initBackend, type BackendName } from '../lib/backends.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { digitsTokenizer, reversalModel, trainStep } from './reversal-task.js';

let model: TransformerSeq2Seq | null = null;
let opt: tf.Optimizer | null = null;
let rng: Generator | null = null;
let batch = 16;
let step = 0;
let running = false;
let lossLog: Array<[number, number]> = [];

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

async function loop(): Promise<void> {
  running = true;
  post({ type: 'running', running });
  try {
    while (running && model && opt && rng) {
      const t0 = performance.now();
      const loss = await trainStep(model, opt, rng, batch);
      if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} at step ${step}: lower the learning rate`);
      lossLog.push([step, loss]);
      post({ type: 'loss', step, loss, msPerStep: performance.now() - t0 });
      step++;
      // Yield so pause / export messages are handled between steps.
      await new Promise((r) => setTimeout(r, 0));
    }
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
  running = false;
  post({ type: 'running', running });
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'init': {
      const s = await initBackend(m.backend as BackendName | 'auto');
      post({ type: 'ready', backend: s.backend, attempts: s.attempts });
      return;
    }
    case 'start': {
      if (!(m.lr > 0 && m.lr < 1)) throw new Error(`learning rate must be in (0, 1), got ${m.lr}`);
      if (!(Number.isInteger(m.batch) && m.batch >= 1 && m.batch <= 256)) throw new Error(`batch must be an integer in [1, 256], got ${m.batch}`);
      running = false;
      model?.dispose();
      opt?.dispose();
      manualSeed(m.seed);
      model = reversalModel(m.seed);
      opt = tf.train.adam(m.lr, 0.9, 0.98, 1e-9);
      rng = new Generator(m.seed + 1);
      batch = m.batch;
      step = 0;
      lossLog = [];
      void loop();
      return;
    }
    case 'pause':
      running = false;
      return;
    case 'resume':
      if (!model) throw new Error('nothing to resume: start training first');
      if (!running) void loop();
      return;
    case 'export': {
      if (!model) throw new Error('nothing to download: start training first');
      const tok = digitsTokenizer();
      const json = tok.toJSONString();
      const w = memoryWriter('trained-in-tab');
      model.eval();
      await saveBundle(w, {
        task: 'translate',
        architecture: { type: TransformerSeq2Seq.type, ...model.config },
        model,
        tokenizers: { source: { file: 'source.tokenizer.json', json, vocabSize: 14 }, target: { file: 'target.tokenizer.json', json, vocabSize: 14 } },
        training: { task: 'reverse digit strings (3-8 digits)', steps: step, batch, backend: tf.getBackend(), losses: lossLog.filter((_, i) => i % 10 === 0), builtBy: 'apps/web train-in-the-tab' },
      });
      model.train();
      const files = Object.fromEntries(w.files);
      post({ type: 'bundle', zip: zipSync(Object.fromEntries([...w.files].map(([k, v]) => [`reverse-digits/${k}`, v]))), files });
      return;
    }
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  handle(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
