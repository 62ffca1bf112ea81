// A training process for the kill-and-resume test (bundled by esbuild and run with node):
//   node driver.mjs <dir> <maxSteps> [killAtStep]
// Trains the tiny model on the cpu backend, checkpoints every 2 updates into <dir>/ckpt, logs
// every update to <dir>/log.jsonl, resumes from the newest checkpoint if there is one, and
// SIGKILLs itself after update <killAtStep> (no clean shutdown, like a crash).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { Checkpointer } from '../callbacks/checkpointer.js';
import { JsonlLogger } from '../callbacks/jsonl.js';
import { AdamW } from '../optim/adamw.js';
import { noamLr } from '../schedules.js';
import { tinyData, tinyLoss, TinyLM, type TinyBatch } from '../tiny.test-util.js';
import { Trainer } from '../trainer.js';
import { checkpointDir, jsonlFileWriter, latestCheckpoint } from './index.js';

const [dir, maxStepsArg, killArg] = process.argv.slice(2);
tf.env().set('PROD', true);
await tf.setBackend('cpu');
const log = await jsonlFileWriter(join(dir!, 'log.jsonl'));
const model = new TinyLM(31);
const trainer = new Trainer<TinyBatch>({
  model,
  loss: tinyLoss(model, 0.1),
  optimizer: new AdamW({ lr: 0.02 }),
  schedule: noamLr({ dModel: 8, warmup: 3 }),
  clipNorm: 1,
  seed: 4,
  callbacks: [
    new JsonlLogger(log),
    new Checkpointer(2, checkpointDir(join(dir!, 'ckpt'))),
    {
      onStep: (e) => {
        if (killArg && e.step === Number(killArg)) process.kill(process.pid, 'SIGKILL');
      },
    },
  ],
});
const last = await latestCheckpoint(join(dir!, 'ckpt'));
if (last) await trainer.loadCheckpoint(last.bytes);
await trainer.fit({ data: tinyData(17, 3), maxSteps: Number(maxStepsArg) });
await log.close();
