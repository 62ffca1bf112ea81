import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The driver is bundled from the TypeScript sources (no build of the package needed) into
// node_modules/.cache so that node resolves @tensorflow/* from this package.
const here = dirname(fileURLToPath(import.meta.url));
const cache = join(here, '..', '..', 'node_modules', '.cache', 'seqlab-train-resume');
const driver = join(cache, 'driver.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'seqlab-resume-'));

beforeAll(async () => {
  mkdirSync(cache, { recursive: true });
  await build({
    entryPoints: [join(here, 'resume-driver.test-util.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: ['@tensorflow/*'],
    outfile: driver,
    logLevel: 'error',
  });
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

function run(dir: string, maxSteps: number, killAt?: number) {
  const args = [driver, dir, String(maxSteps), ...(killAt ? [String(killAt)] : [])];
  return spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
}

function lossesByStep(dir: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const line of readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n')) {
    const e = JSON.parse(line) as { type: string; step: number; loss: number };
    if (e.type === 'step') out.set(e.step, [...(out.get(e.step) ?? []), e.loss]);
  }
  return out;
}

describe('kill the process, resume: same loss curve (separate node processes)', () => {
  it('SIGKILL after update 7, restart from the update-6 checkpoint, continue to 10', () => {
    const ref = join(tmp, 'ref');
    const crash = join(tmp, 'crash');
    const r0 = run(ref, 10);
    expect(r0.status, r0.stderr).toBe(0);
    const r1 = run(crash, 10, 7);
    expect(r1.signal).toBe('SIGKILL');
    const r2 = run(crash, 10);
    expect(r2.status, r2.stderr).toBe(0);

    const want = lossesByStep(ref);
    const got = lossesByStep(crash);
    expect([...want.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Update 7 ran twice (before the kill, and again after resuming from update 6); every other
    // update ran once, so the restart really continued from the checkpoint.
    expect([...got.entries()].map(([s, l]) => [s, l.length])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 2], [8, 1], [9, 1], [10, 1]]);
    for (const [step, [loss]] of want) {
      for (const l of got.get(step)!) expect(l, `step ${step}`).toBe(loss); // bit for bit
    }
  });
});
