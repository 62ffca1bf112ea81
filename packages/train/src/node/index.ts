/**
 * `@seqlab/train/node`: the Node file system side of training: atomic file writes, a JSONL log
 * file writer and a checkpoint directory. Kept out of the main entry so that `@seqlab/train`
 * runs unchanged in browsers.
 * @packageDocumentation
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CheckpointSink } from '../callbacks/checkpointer.js';
import type { TextWriter } from '../events.js';

let counter = 0;

/**
 * Writes `bytes` to `path` atomically: to a temporary file in the same directory, flushed to
 * disk, then renamed over `path`. A crash leaves either the old file or the new one, never a
 * truncated mix.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${counter++}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await rename(tmp, path);
}

/** A {@link TextWriter} appending to a file (created with its directory if missing). */
export async function jsonlFileWriter(path: string): Promise<TextWriter & { close(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'a');
  return {
    write: async (line: string) => {
      await fh.write(line);
    },
    close: () => fh.close(),
  };
}

const NAME = /^checkpoint-(\d+)\.safetensors$/;

/** Options of {@link checkpointDir}. */
export interface CheckpointDirOptions {
  /** Keep only the newest this many checkpoints (default: keep all). */
  keepLast?: number;
}

/**
 * A {@link CheckpointSink} writing `dir/checkpoint-<step>.safetensors` atomically, optionally
 * deleting older ones.
 */
export function checkpointDir(dir: string, opts: CheckpointDirOptions = {}): CheckpointSink {
  return {
    write: async (step, bytes) => {
      await writeFileAtomic(join(dir, `checkpoint-${String(step).padStart(8, '0')}.safetensors`), bytes);
      if (opts.keepLast !== undefined) {
        const all = await listCheckpoints(dir);
        for (const old of all.slice(0, Math.max(0, all.length - opts.keepLast))) await rm(old.path, { force: true });
      }
    },
  };
}

/** Checkpoints in `dir`, oldest first. */
export async function listCheckpoints(dir: string): Promise<{ step: number; path: string }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => ({ m: NAME.exec(n), n }))
    .filter((x) => x.m)
    .map((x) => ({ step: Number(x.m![1]), path: join(dir, x.n) }))
    .sort((a, b) => a.step - b.step);
}

/** The newest checkpoint's bytes and step, or null when `dir` has none. */
export async function latestCheckpoint(dir: string): Promise<{ step: number; path: string; bytes: Uint8Array } | null> {
  const all = await listCheckpoints(dir);
  const last = all[all.length - 1];
  if (!last) return null;
  return { ...last, bytes: new Uint8Array(await readFile(last.path)) };
}
