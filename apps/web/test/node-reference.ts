/**
 * The Node side of the translation check: `seqlab translate` (apps/trainer's CLI, a dev
 * dependency, so turbo builds it before these tests) on the same bundle, input and decoding
 * settings as the page, on the exact cpu backend.
 * @module
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appRoot } from './harness.js';

const run = promisify(execFile);
/** The trainer CLI's entry point (the `seqlab` bin of @seqlab/trainer). */
export const cliPath = join(appRoot, '..', 'trainer', 'dist', 'cli.js');

/** `seqlab translate` of `text` with the bundle folder `bundleDir`; beam 1 is greedy. Returns its output line. */
export async function cliTranslate(bundleDir: string, text: string, beam: number, maxLength: number): Promise<string> {
  const { stdout } = await run(process.execPath, [cliPath, 'translate', bundleDir, text, '--beam', String(beam), '--max-length', String(maxLength), '--backend', 'cpu'], { timeout: 60_000 });
  return stdout.replace(/\n$/, '');
}

/** The folder of demo bundle `name`. */
export function demoBundleDir(name: string): string {
  return join(appRoot, 'public', 'bundles', name);
}
