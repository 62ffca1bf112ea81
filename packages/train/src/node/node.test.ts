import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Checkpointer } from '../callbacks/checkpointer.js';
import { JsonlLogger } from '../callbacks/jsonl.js';
import { AdamW } from '../optim/adamw.js';
import { cosineWithWarmup } from '../schedules.js';
import { tinyData, tinyLoss, TinyLM, type TinyBatch } from '../tiny.test-util.js';
import { Trainer } from '../trainer.js';
import { checkpointDir, jsonlFileWriter, latestCheckpoint, listCheckpoints, writeFileAtomic } from './index.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'seqlab-train-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('@seqlab/train/node', () => {
  it('writeFileAtomic replaces the file and leaves no temporary file', async () => {
    const d = await tempDir();
    const p = join(d, 'sub', 'a.bin');
    await writeFileAtomic(p, new Uint8Array([1, 2, 3]));
    await writeFileAtomic(p, new Uint8Array([4, 5]));
    expect([...(await readFile(p))]).toEqual([4, 5]);
    expect(await readdir(join(d, 'sub'))).toEqual(['a.bin']);
  });

  it('checkpoint files on disk resume a fresh trainer exactly; keepLast prunes; JSONL is written', async () => {
    const d = await tempDir();
    const data = tinyData(12, 4);
    const make = async (callbacks: Trainer<TinyBatch>['options']['callbacks'] = []) => {
      const model = new TinyLM(21);
      const optimizer = new AdamW({ lr: 0.02 });
      const trainer = new Trainer<TinyBatch>({ model, loss: tinyLoss(model), optimizer, seed: 9, schedule: cosineWithWarmup({ baseLr: 0.02, warmup: 2, total: 12 }), callbacks });
      return { trainer, dispose: () => (optimizer.dispose(), model.dispose()) };
    };
    const whole = await make();
    const ref = await whole.trainer.fit({ data, maxSteps: 12 });
    whole.dispose();

    const log = await jsonlFileWriter(join(d, 'log', 'train.jsonl'));
    const a = await make([new Checkpointer(3, checkpointDir(join(d, 'ckpt'), { keepLast: 2 })), new JsonlLogger(log)]);
    const first = await a.trainer.fit({ data, maxSteps: 7 }); // "killed" after step 7; last checkpoint at 6
    a.dispose();
    await log.close();
    expect((await listCheckpoints(join(d, 'ckpt'))).map((c) => c.step)).toEqual([3, 6]);
    const lines = (await readFile(join(d, 'log', 'train.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'step', step: 1 });

    const latest = await latestCheckpoint(join(d, 'ckpt'));
    expect(latest?.step).toBe(6);
    const b = await make();
    await b.trainer.loadCheckpoint(latest!.bytes);
    const rest = await b.trainer.fit({ data, maxSteps: 12 });
    b.dispose();
    expect([...first.losses.slice(0, 6), ...rest.losses]).toEqual(ref.losses);
    expect(await latestCheckpoint(join(d, 'nothing-here'))).toBeNull();
  });
});
