import { ValueError } from '@seqlab/core';
import type { StepContext } from './events.js';

/**
 * Teacher forcing with a ratio, as `use_teacher_forcing = random.random() < teacher_forcing_ratio`
 * in the seed notebook, but drawn from the trainer's seeded generator (`ctx.rng`) so runs and
 * resumes are reproducible. The ratio may be a constant or a function of the step (decay).
 */
export class TeacherForcing {
  private readonly ratio: (step: number) => number;

  constructor(ratio: number | ((step: number) => number)) {
    if (typeof ratio === 'number' && !(ratio >= 0 && ratio <= 1)) {
      throw new ValueError(`TeacherForcing: ratio must be in [0, 1], got ${ratio}`);
    }
    this.ratio = typeof ratio === 'number' ? () => ratio : ratio;
  }

  /** The ratio at `step`. */
  ratioAt(step: number): number {
    const r = this.ratio(step);
    if (!(r >= 0 && r <= 1)) throw new ValueError(`TeacherForcing: ratio at step ${step} must be in [0, 1], got ${r}`);
    return r;
  }

  /**
   * Whether to feed the ground truth for this batch (one draw per call). Always false in
   * evaluation (`ctx.training` false): the model must use its own predictions there.
   */
  use(ctx: StepContext): boolean {
    if (!ctx.training) return false;
    return ctx.rng.random() < this.ratioAt(ctx.step);
  }
}

/** Linear decay of the teacher-forcing ratio from `start` to `end` over `steps` updates. */
export function linearRatio(start: number, end: number, steps: number): (step: number) => number {
  if (!(steps > 0)) throw new ValueError(`linearRatio: steps must be positive, got ${steps}`);
  return (step) => start + (end - start) * Math.min(step / steps, 1);
}
