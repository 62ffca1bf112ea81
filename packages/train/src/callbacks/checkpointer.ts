import { ValueError } from '@seqlab/core';
import type { Callback, StepEvent, TrainerLike } from '../events.js';

/** Where checkpoints go. The Node implementation (`checkpointDir` in `@seqlab/train/node`) writes files atomically. */
export interface CheckpointSink {
  write(step: number, bytes: Uint8Array): void | Promise<void>;
}

/** Saves a checkpoint (`Trainer.saveCheckpoint`) every `every` updates into `sink`. */
export class Checkpointer implements Callback {
  constructor(
    readonly every: number,
    private readonly sink: CheckpointSink,
  ) {
    if (!(Number.isInteger(every) && every > 0)) throw new ValueError(`Checkpointer: every must be a positive integer, got ${every}`);
  }

  async onStep(e: StepEvent, trainer: TrainerLike): Promise<void> {
    if (e.step % this.every !== 0) return;
    await this.sink.write(e.step, await trainer.saveCheckpoint());
  }
}
