/**
 * Where the page gets bundles from: a URL (with download progress), dropped or picked files (the
 * three-or-more files of a bundle folder, or a .zip of them, as the training view downloads).
 * @module
 */
import { memoryReader, urlReader, type BundleReader } from '@seqlab/models';
import { unzipSync } from 'fflate';

/** Download progress of one file of a bundle. */
export interface Progress {
  file: string;
  loaded: number;
  /** Total bytes when the server sent a Content-Length, else 0. */
  total: number;
}

/** A reader of the bundle under `baseUrl`, reporting each file's download progress. */
export function progressUrlReader(baseUrl: string, onProgress: (p: Progress) => void): BundleReader {
  const progressFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!res.ok || !res.body) return res;
    const file = String(input).split('/').pop() ?? String(input);
    const total = Number(res.headers.get('content-length') ?? 0);
    let loaded = 0;
    const counted = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          loaded += chunk.byteLength;
          onProgress({ file, loaded, total });
          ctl.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return urlReader(baseUrl, progressFetch);
}

/**
 * A reader over user-supplied files: the bundle's files themselves (any folder prefix is
 * dropped), or one `.zip` holding them.
 * @throws Error when no file was given.
 */
export async function filesReader(files: readonly File[]): Promise<BundleReader> {
  if (files.length === 0) throw new Error('no files were dropped: drop config.json, model.safetensors and the tokenizer files (or a .zip of them)');
  const map = new Map<string, Uint8Array>();
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (f.name.toLowerCase().endsWith('.zip')) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(bytes);
      } catch (e) {
        throw new Error(`${f.name}: not a readable zip archive (${(e as Error).message})`);
      }
      for (const [path, data] of Object.entries(entries)) if (!path.endsWith('/')) map.set(path.split('/').pop()!, data);
    } else {
      map.set(f.name, bytes);
    }
  }
  return memoryReader(map, files.length === 1 ? files[0]!.name : `${files.length} dropped files`);
}
