import { describe, expect, it } from 'vitest';
import fixtures from '../fixtures/schedules.json' with { type: 'json' };
import { constantLr, cosineWithWarmup, noamLr, stepLr, type LrSchedule } from './schedules.js';

interface Case { options: Record<string, number>; baseLr: number; lrs: number[] }
const cases = fixtures.cases as unknown as Record<string, Case>;

function expectSchedule(s: LrSchedule, lrs: number[]): void {
  lrs.forEach((lr, step) => {
    const got = s(step);
    // Torch's CosineAnnealingLR uses a recursive form; 1e-12 relative covers its rounding.
    expect(Math.abs(got - lr), `step ${step}: got ${got}, torch ${lr}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(lr)));
  });
}

describe('LR schedules equal torch LambdaLR / StepLR / CosineAnnealingLR', () => {
  it('Noam (Annotated Transformer rate through LambdaLR)', () => {
    const c = cases.noam!;
    expectSchedule(noamLr({ dModel: c.options.dModel!, warmup: c.options.warmup!, factor: c.options.factor! }), c.lrs);
    const c2 = cases.noam_factor2!;
    expectSchedule(noamLr({ dModel: c2.options.dModel!, warmup: c2.options.warmup!, factor: c2.options.factor! }), c2.lrs);
  });
  it('Noam follows the paper formula and peaks at warmup', () => {
    const s = noamLr({ dModel: 512, warmup: 4000 });
    expect(s(4000)).toBeCloseTo(512 ** -0.5 * 4000 ** -0.5, 15);
    expect(s(100)).toBeCloseTo(512 ** -0.5 * 100 * 4000 ** -1.5, 15);
    expect(s(10000)).toBeCloseTo(512 ** -0.5 * 10000 ** -0.5, 15);
    expect(s(3999)).toBeLessThan(s(4000));
    expect(s(4001)).toBeLessThan(s(4000));
  });
  for (const name of ['cosine', 'cosine_floor', 'cosine_annealing']) {
    it(`cosine with warmup: ${name}`, () => {
      const c = cases[name]!;
      expectSchedule(cosineWithWarmup({ baseLr: c.baseLr, warmup: c.options.warmup!, total: c.options.total!, minRatio: c.options.minRatio! }), c.lrs);
    });
  }
  it('step (torch StepLR) and constant', () => {
    const c = cases.step!;
    expectSchedule(stepLr({ baseLr: c.baseLr, stepSize: c.options.stepSize!, gamma: c.options.gamma! }), c.lrs);
    expect(constantLr(0.3)(1234)).toBe(0.3);
  });
  it('names bad options', () => {
    expect(() => noamLr({ dModel: 0, warmup: 10 })).toThrow(/dModel must be positive, got 0/);
    expect(() => cosineWithWarmup({ baseLr: 1, warmup: 10, total: 5 })).toThrow(/total must be an integer greater than warmup \(10\), got 5/);
    expect(() => stepLr({ baseLr: 1, stepSize: 0 })).toThrow(/stepSize must be a positive integer/);
    expect(() => constantLr(-1)).toThrow(/lr must be a finite non-negative number/);
  });
});
