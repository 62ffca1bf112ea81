import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES, tempDir } from './helpers.js';

/** Runs the built CLI; calls `onErr` with stderr so far after each chunk. */
function spawnCli(args: string[], onErr?: (soFar: string, kill: () => void) => void): Promise<{ code: number | null; err: string; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => {
      err += d;
      onErr?.(err, () => p.kill('SIGINT'));
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, err, out }));
  });
}

describe('Ctrl-C and --resume (the built CLI in a real process)', () => {
  it('SIGINT saves a checkpoint and exits 130 without a bundle; --resume continues to the end', async () => {
    expect(existsSync(CLI), `build the app first (${CLI})`).toBe(true);
    const out = join(tempDir(), 'lm');
    const args = ['train', 'lm', '--data', join(FIXTURES, 'corpus.txt'), '--out', out, '--backend', 'cpu', '--steps', '60', '--log-every', '1', '--checkpoint-every', '1000', '--eval-every', '1000', '--hidden', '16', '--embedding', '8', '--layers', '1', '--bptt', '16', '--batch-size', '4', '--sample-length', '5'];
    let sent = false;
    const first = await spawnCli(args, (soFar, kill) => {
      if (!sent && /step 3\/60/.test(soFar)) {
        sent = true;
        kill();
      }
    });
    expect(sent).toBe(true);
    expect(first.code).toBe(130);
    expect(first.err).toContain('interrupt: stopping after this update and saving a checkpoint');
    const stopped = Number(/checkpoint saved at step (\d+)/.exec(first.err)?.[1]);
    expect(stopped).toBeGreaterThanOrEqual(3);
    expect(stopped).toBeLessThan(60);
    expect(first.err).toContain('resume with: seqlab train lm');
    expect(existsSync(out)).toBe(false); // no bundle from an interrupted run
    expect(readdirSync(join(`${out}.work`, 'checkpoints'))).toContain(`checkpoint-${String(stopped).padStart(8, '0')}.safetensors`);

    const second = await spawnCli([...args, '--resume']);
    expect(second.code).toBe(0);
    expect(second.err).toContain(`(step ${stopped})`);
    expect(second.err).not.toMatch(new RegExp(`step ${stopped}/60 `)); // updates before the checkpoint are not redone
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(cfg.training.steps).toBe(60);
    // The loss history of both processes is in one log and one curve.
    const steps = readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'step').map((e) => e.step);
    expect(steps.slice(0, 3)).toEqual([1, 2, 3]);
    expect(steps.at(-1)).toBe(60);
  }, 120_000);
});
