/**
 * Node file-system I/O for bundles: `@seqlab/models/node`. Kept out of the main entry point so
 * the browser build never sees `node:fs`.
 * @module
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BundleError } from './bundle/errors.js';
import type { BundleReader, BundleWriter } from './bundle/io.js';

/** Reads a bundle from a folder. */
export function directoryReader(dir: string): BundleReader {
  const root = resolve(dir);
  return {
    location: root,
    async read(name) {
      try {
        return new Uint8Array(await readFile(join(root, name)));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new BundleError(code === 'ENOENT' ? `missing from the bundle folder ${root}` : (e as Error).message, name, { cause: e });
      }
    },
  };
}

/** Options of {@link directoryWriter}. */
export interface DirectoryWriterOptions {
  /** Replace an existing bundle folder (default false: refuse). */
  overwrite?: boolean;
}

/**
 * Writes a bundle folder atomically: files go to a hidden temporary sibling folder, which is
 * renamed onto `dir` on commit (after moving an existing folder aside when `overwrite`). A crash
 * or an error before commit never leaves a half-written bundle at `dir`.
 */
export function directoryWriter(dir: string, opts: DirectoryWriterOptions = {}): BundleWriter {
  const target = resolve(dir);
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  let created = false;
  return {
    location: target,
    async write(name, bytes) {
      if (!created) {
        if (!opts.overwrite && (await exists(target))) throw new BundleError(`${target} already exists (pass overwrite to replace it)`);
        await mkdir(temp, { recursive: true });
        created = true;
      }
      await writeFile(join(temp, name), bytes);
    },
    async commit() {
      if (!created) await mkdir(temp, { recursive: true });
      await mkdir(dirname(target), { recursive: true });
      if (await exists(target)) {
        if (!opts.overwrite) throw new BundleError(`${target} already exists (pass overwrite to replace it)`);
        const old = `${temp}-old`;
        await rename(target, old);
        await rename(temp, target);
        await rm(old, { recursive: true, force: true });
      } else {
        await rename(temp, target);
      }
    },
    async abort() {
      await rm(temp, { recursive: true, force: true });
    },
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
