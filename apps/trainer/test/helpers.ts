import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';
import { memoryIo } from '../src/io.js';

/** Tiny data files committed beside the tests. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** The built CLI (tests that need a real process: SIGINT). */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'seqlab-trainer-'));
}

/** Runs the CLI in-process; returns status and what it printed. */
export async function run(argv: string[], input: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(input);
  const code = await main(argv, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

/** Flags for a tiny, fast model on the cpu backend. */
export const TINY = ['--backend', 'cpu', '--steps', '4', '--eval-every', '2', '--log-every', '2', '--checkpoint-every', '2', '--batch-size', '8'];
