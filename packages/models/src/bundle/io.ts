import { BundleError } from './errors.js';

/** Where a bundle is read from: a folder (Node), URLs (browser), memory (tests, uploads). */
export interface BundleReader {
  /** A short description for messages, e.g. the folder or base URL. */
  readonly location: string;
  /** The bytes of one file of the bundle; rejects with a {@link BundleError} naming a missing file. */
  read(name: string): Promise<Uint8Array>;
}

/**
 * Where a bundle is written. Files are staged and only appear at the destination on
 * {@link BundleWriter.commit}, so a failed save never leaves a half-written bundle.
 */
export interface BundleWriter {
  readonly location: string;
  write(name: string, bytes: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  /** Discards everything staged. */
  abort(): Promise<void>;
}

/** Reads a bundle over HTTP(S): `baseUrl + name` for each file (the browser's loader). */
export function urlReader(baseUrl: string, fetchImpl: typeof fetch = fetch): BundleReader {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    location: base,
    async read(name) {
      let res: Response;
      try {
        res = await fetchImpl(base + name);
      } catch (e) {
        throw new BundleError(`could not fetch ${base + name}: ${(e as Error).message}`, name, { cause: e });
      }
      if (!res.ok) throw new BundleError(`HTTP ${res.status} for ${base + name}`, name);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** A bundle held in memory (drag-and-drop uploads, tests): file name -> bytes. */
export function memoryReader(files: Map<string, Uint8Array> | Record<string, Uint8Array>, location = 'memory'): BundleReader {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    location,
    async read(name) {
      const f = map.get(name);
      if (!f) throw new BundleError(`missing from the bundle (${location})`, name);
      return f;
    },
  };
}

/** Collects a bundle in memory (downloads from the browser, tests). `files` is filled on commit. */
export function memoryWriter(location = 'memory'): BundleWriter & { files: Map<string, Uint8Array> } {
  const staged = new Map<string, Uint8Array>();
  const files = new Map<string, Uint8Array>();
  return {
    location,
    files,
    async write(name, bytes) {
      staged.set(name, bytes);
    },
    async commit() {
      for (const [k, v] of staged) files.set(k, v);
      staged.clear();
    },
    async abort() {
      staged.clear();
    },
  };
}
