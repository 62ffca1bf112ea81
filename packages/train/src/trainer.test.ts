import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync } from '@seqlab/core';
import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './callbacks/early-stopping.js';
import { Checkpointer } from './callbacks/checkpointer.js';
import { formatProgress, JsonlLogger } from './callbacks/jsonl.js';
import { CheckpointError, NonFiniteError } from './errors.js';
import type { StepEvent } from './events.js';
import { AdamW } from './optim/adamw.js';
import { noamLr } from './schedules.js';
import { TeacherForcing } from './teacher-forcing.js';
import { tinyData, tinyLoss, TinyLM, type TinyBatch } from './tiny.test-util.js';
import { Trainer, type TrainerOptions } from './trainer.js';

type Opt = () => tf.Optimizer;

/** A fresh model + optimizer + trainer, as a new process would build them. */
function build(makeOpt: Opt, extra: Partial<TrainerOptions<TinyBatch>> = {}) {
  const model = new TinyLM(11);
  const optimizer = makeOpt();
  const tf0 = new TeacherForcing(0.5);
  const base = tinyLoss(model, 0.1);
  // The loss draws from ctx.rng (teacher forcing) so the RNG state must be restored too.
  const loss: TrainerOptions<TinyBatch>['loss'] = (b, ctx) => {
    const out = base(b, ctx);
    return tf0.use(ctx) ? out : { loss: tf.mul(out.loss, 1.0001) as tf.Scalar, tokens: out.tokens };
  };
  const trainer = new Trainer<TinyBatch>({ model, loss, optimizer, seed: 5, clipNorm: 2, schedule: noamLr({ dModel: 8, warmup: 3, factor: 0.5 }), ...extra });
  return { model, optimizer, trainer, dispose: () => (optimizer.dispose(), model.dispose()) };
}

describe('Trainer: exact resume', () => {
  const optimizers: [string, Opt][] = [
    ['AdamW', () => new AdamW({ lr: 0.01 })],
    ['momentum', () => tf.train.momentum(0.1, 0.9)],
    ['tfjs adam', () => tf.train.adam(0.01)],
  ];
  for (const [name, make] of optimizers) {
    it(`train N, or N/2 + checkpoint + fresh objects + N/2: identical loss curves (${name})`, async () => {
      const N = 10;
      const data = tinyData(3, 3); // 3 batches per epoch: the checkpoint falls mid-epoch
      const full = build(make);
      const whole = await full.trainer.fit({ data, maxSteps: N });
      full.dispose();

      const a = build(make);
      const first = await a.trainer.fit({ data, maxSteps: N / 2 });
      const bytes = await expectNoLeaksAsync(() => a.trainer.saveCheckpoint(), 'saveCheckpoint');
      a.dispose();

      const b = build(make);
      await b.trainer.loadCheckpoint(bytes);
      expect([b.trainer.step, b.trainer.epoch, b.trainer.position]).toEqual([5, 1, 2]);
      const second = await b.trainer.fit({ data, maxSteps: N });
      b.dispose();
      expect([...first.losses, ...second.losses]).toEqual(whole.losses); // bit for bit
    });
  }

  it('rejects a checkpoint from another optimizer or a non-checkpoint, leaving the model unchanged', async () => {
    const a = build(() => new AdamW());
    await a.trainer.fit({ data: tinyData(1), maxSteps: 1 });
    const bytes = await a.trainer.saveCheckpoint();
    const b = build(() => tf.train.sgd(0.1));
    const before = Array.from(await b.model.out.weight.data());
    await expect(b.trainer.loadCheckpoint(bytes)).rejects.toThrow(/written with optimizer AdamW, got SGD/);
    await expect(b.trainer.loadCheckpoint(new Uint8Array([1, 2, 3]))).rejects.toThrow(CheckpointError);
    expect(Array.from(await b.model.out.weight.data())).toEqual(before);
    a.dispose();
    b.dispose();
  });

  it('Checkpointer writes every N updates through a sink', async () => {
    const written: number[] = [];
    const t = build(() => new AdamW(), { callbacks: [new Checkpointer(2, { write: (step, bytes) => void written.push(step, bytes.length > 100 ? 1 : 0) })] });
    await t.trainer.fit({ data: tinyData(2), maxSteps: 5 });
    expect(written).toEqual([2, 1, 4, 1]);
    t.dispose();
  });
});

describe('Trainer: accumulation, schedule, clipping, events', () => {
  it('accumulating 2 half batches equals one full batch (same update)', async () => {
    const full: TinyBatch = { ids: [[1, 2, 3], [4, 5, 6], [0, 1, 2], [3, 3, 3]] };
    const halves = [{ ids: full.ids.slice(0, 2) }, { ids: full.ids.slice(2) }];
    const run = async (batches: TinyBatch[], accumulate: number) => {
      const model = new TinyLM(8);
      const optimizer = tf.train.sgd(0.3);
      const trainer = new Trainer<TinyBatch>({ model, loss: tinyLoss(model), optimizer, accumulate });
      const r = await trainer.fit({ data: () => batches, maxSteps: 1 });
      const w = Array.from(await model.out.weight.data());
      optimizer.dispose();
      model.dispose();
      return { w, loss: r.losses[0]! };
    };
    const a = await run([full], 1);
    const b = await run(halves, 2);
    expect(b.loss).toBeCloseTo(a.loss, 6);
    b.w.forEach((x, i) => expect(x).toBeCloseTo(a.w[i]!, 6));
  });

  it('reports step, loss, lr (from the schedule), grad norm, tokens/s and ETA', async () => {
    const events: StepEvent[] = [];
    const t = build(() => new AdamW(), { callbacks: [{ onStep: (e) => void events.push(e) }] });
    await t.trainer.fit({ data: tinyData(4), maxSteps: 4 });
    const noam = noamLr({ dModel: 8, warmup: 3, factor: 0.5 });
    expect(events.map((e) => e.step)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.lr)).toEqual([0, 1, 2, 3].map(noam));
    for (const e of events) {
      expect(e.tokens).toBe(12);
      expect(e.gradNorm).toBeGreaterThan(0);
      expect(e.tokensPerSecond).toBeGreaterThan(0);
      expect(e.etaMs).not.toBeNull();
    }
    expect(events[3]!.etaMs).toBe(0);
    expect(formatProgress(events[0]!, 4)).toMatch(/^step 1\/4 loss \d+\.\d{4} lr .* tok\/s ETA/);
    t.dispose();
  });

  it('stops with an error naming the step on a NaN loss', async () => {
    const model = new TinyLM(1);
    const optimizer = tf.train.sgd(0.1);
    const base = tinyLoss(model);
    const trainer = new Trainer<TinyBatch>({
      model,
      optimizer,
      loss: (b, ctx) => (ctx.step === 2 ? { loss: tf.mul(base(b, ctx).loss, NaN) as tf.Scalar } : base(b, ctx)),
    });
    const before = tf.memory().numTensors;
    const err = await trainer.fit({ data: tinyData(1), maxSteps: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as Error).message).toMatch(/^training stopped at step 3 \(epoch 0\): loss is NaN/);
    expect(trainer.step).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it('detects an infinite gradient norm when clipping', async () => {
    const model = new TinyLM(1);
    const optimizer = tf.train.sgd(0.1);
    const base = tinyLoss(model);
    const trainer = new Trainer<TinyBatch>({
      model,
      optimizer,
      clipNorm: 1,
      // Finite loss, infinite gradient: sqrt(x) at 0 has an infinite derivative.
      loss: (b, ctx) => tf.add(base(b, ctx).loss, tf.sqrt(tf.mul(tf.sum(model.out.bias!), 0))) as tf.Scalar,
    });
    await expect(trainer.fit({ data: tinyData(1), maxSteps: 3 })).rejects.toThrow(/step 1 \(epoch 0\): gradient norm is (Infinity|NaN)/);
    optimizer.dispose();
    model.dispose();
  });
});

describe('Trainer: evaluation, early stopping, JSONL', () => {
  it('evaluates every N steps, stops early, logs JSONL, and early stopping state survives a checkpoint', async () => {
    const lines: string[] = [];
    let calls = 0;
    // A validation metric that stops improving after the 2nd evaluation.
    const metric = () => ({ score: [5, 4, 4.5, 4.2, 6, 7][calls++] ?? 9 });
    const make = () => {
      const es = new EarlyStopping({ monitor: 'score', patience: 2 });
      const t = build(() => new AdamW(), {
        evaluate: { every: 2, batches: () => tinyData(8, 1)(0), metrics: metric },
        callbacks: [es, new JsonlLogger({ write: (l) => void lines.push(l) })],
      });
      return { ...t, es };
    };
    const a = make();
    const r = await a.trainer.fit({ data: tinyData(4), maxSteps: 100 });
    expect(r.reason).toBe('stopped');
    expect(r.step).toBe(8);
    expect(r.message).toMatch(/early stopping at step 8: score did not improve for 2 evaluations \(best 4 at step 4\)/);
    const parsed = lines.map((l) => JSON.parse(l) as { type: string; metrics?: Record<string, number> });
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(parsed.filter((p) => p.type === 'step')).toHaveLength(8);
    const evals = parsed.filter((p) => p.type === 'eval');
    expect(evals.map((e) => e.metrics!.score)).toEqual([5, 4, 4.5, 4.2]);
    expect(evals[0]!.metrics!.loss).toBeGreaterThan(0);
    expect(parsed[parsed.length - 1]!.type).toBe('end');

    const bytes = await a.trainer.saveCheckpoint();
    const b = make();
    await b.trainer.loadCheckpoint(bytes);
    expect([b.es.best, b.es.bestStep, b.es.wait]).toEqual([4, 4, 2]);
    a.dispose();
    b.dispose();
  });

  it('teacher forcing is seeded and off in evaluation', () => {
    const tfc = new TeacherForcing(0.5);
    const draws = (seed: number) => {
      const rng = new (class { v = seed; random() { this.v = (this.v * 16807) % 2147483647; return this.v / 2147483647; } })();
      return Array.from({ length: 20 }, () => tfc.use({ step: 0, epoch: 0, rng: rng as never, training: true }));
    };
    expect(draws(3)).toEqual(draws(3));
    expect(draws(3).some((x) => x) && draws(3).some((x) => !x)).toBe(true);
    expect(tfc.use({ step: 0, epoch: 0, rng: { random: () => 0 } as never, training: false })).toBe(false);
    expect(() => new TeacherForcing(1.5)).toThrow(/ratio must be in \[0, 1\], got 1.5/);
  });

  it('rejects an epoch without batches (instead of looping forever) and bad fit options', async () => {
    const model = new TinyLM(1);
    const optimizer = tf.train.sgd(0.1);
    const trainer = new Trainer<TinyBatch>({ model, optimizer, loss: tinyLoss(model) });
    await expect(trainer.fit({ data: () => [], maxSteps: 5 })).rejects.toThrow(/data\(0\) yielded no batches/);
    await expect(trainer.fit({ data: tinyData(1), maxSteps: 1.5 })).rejects.toThrow(/maxSteps must be a non-negative integer, got 1.5/);
    await expect(trainer.fit({ data: tinyData(1) })).rejects.toThrow(/give maxSteps or epochs/);
    optimizer.dispose();
    model.dispose();
  });

  it('a short accumulation group at the end of an epoch reports its own mean loss', async () => {
    const model = new TinyLM(1);
    const optimizer = tf.train.sgd(0);
    const batches = tinyData(2, 3)(0);
    const trainer = new Trainer<TinyBatch>({ model, optimizer, loss: tinyLoss(model), accumulate: 2 });
    const r = await trainer.fit({ data: () => batches, epochs: 1 });
    const single = new Trainer<TinyBatch>({ model, optimizer, loss: tinyLoss(model) });
    const s = await single.fit({ data: () => batches, epochs: 1 });
    expect(r.losses).toHaveLength(2);
    expect(r.losses[0]).toBeCloseTo((s.losses[0]! + s.losses[1]!) / 2, 6);
    expect(r.losses[1]).toBeCloseTo(s.losses[2]!, 6);
    optimizer.dispose();
    model.dispose();
  });

  it('names bad options', () => {
    const model = new TinyLM(1);
    const optimizer = tf.train.sgd(0.1);
    expect(() => new Trainer({ model, optimizer, loss: tinyLoss(model), accumulate: 0 })).toThrow(/accumulate must be a positive integer, got 0/);
    expect(() => new Trainer({ model, optimizer, loss: tinyLoss(model), clipNorm: -1 })).toThrow(/clipNorm must be positive, got -1/);
    optimizer.dispose();
    model.dispose();
  });
});
