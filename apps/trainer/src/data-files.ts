import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './errors.js';

/**
 * The bytes of a `--data` file. A missing or unreadable file is a {@link UsageError} naming it;
 * the format itself is checked by the @seqlab/data parsers, which name the file and line.
 */
export async function readDataFile(path: string, flag = '--data'): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${flag} ${path}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${flag} ${path}: is a folder, expected a file`);
    throw new UsageError(`${flag} ${path}: cannot read (${(e as Error).message})`);
  }
}

/**
 * The `*.txt` files of a names folder (the PyTorch tutorial layout: one file per language, one
 * name per line), as file path -> bytes. A missing folder, a file instead of a folder, or a folder
 * without `.txt` files is a {@link UsageError}.
 */
export async function readNamesFolder(dir: string, flag = '--data'): Promise<Record<string, Uint8Array>> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(dir);
  } catch {
    throw new UsageError(`${flag} ${dir}: no such folder (expected one .txt file per language, one name per line)`);
  }
  if (!s.isDirectory()) throw new UsageError(`${flag} ${dir}: is a file, expected a folder with one .txt file per language`);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  if (names.length < 2) throw new UsageError(`${flag} ${dir}: expected at least 2 language files (*.txt), found ${names.length}`);
  const out: Record<string, Uint8Array> = {};
  for (const n of names) out[join(dir, n)] = new Uint8Array(await readFile(join(dir, n)));
  return out;
}

/** The first `limit` items (all when `limit` is 0). */
export function limitItems<T>(items: T[], limit: number): T[] {
  return limit > 0 ? items.slice(0, limit) : items;
}
