import { selectBackend, type BackendAttempt } from '@seqlab/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { UsageError } from './errors.js';

/** Values of `--backend`. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
/** A value of `--backend`. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The optional native packages, in the order `auto` tries them (GPU first). */
export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** What loading one optional native package gave. */
export interface NativeProbe {
  pkg: string;
  ok: boolean;
  /** Why it cannot be used ("not installed", a missing shared library, a version mismatch). */
  reason?: string;
}

/** The backend chosen for a run, and why each one tried before it was passed over. */
export interface BackendReport {
  backend: string;
  /** The native package behind `tensorflow`, when that is the backend. */
  nativePackage?: string;
  attempts: BackendAttempt[];
}

let nativeLoaded: NativeProbe[] | null = null;

/**
 * Loads `@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node`, if installed: they are not
 * dependencies of seqlab (their install downloads libtensorflow, which fails offline), so they
 * are imported by name at run time. Importing one registers the `tensorflow` backend. Cached:
 * a package is imported at most once per process.
 */
export async function loadNative(): Promise<NativeProbe[]> {
  if (nativeLoaded) return nativeLoaded;
  const probes: NativeProbe[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    try {
      // A variable specifier: TypeScript must not resolve the optional package at build time.
      const name: string = pkg;
      await import(name);
      if (!tf.findBackendFactory('tensorflow')) {
        probes.push({ pkg, ok: false, reason: `loaded, but it registered "tensorflow" on another copy of @tensorflow/tfjs-core (install the version matching ${tf.version_core})` });
        continue;
      }
      probes.push({ pkg, ok: true });
      break; // the first that loads provides the backend
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const missing = (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND') && err.message.includes(pkg);
      probes.push({ pkg, ok: false, reason: missing ? 'not installed' : firstLine(err.message) });
    }
  }
  nativeLoaded = probes;
  return probes;
}

let wasmLoaded = false;
/** Registers the wasm backend: the SIMD single-thread build (tfjs's threaded build fails in Node). */
export async function loadWasm(): Promise<void> {
  if (wasmLoaded) return;
  // The threaded build starts its worker from a blob: URL, which Node refuses: never pick it.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await import('@tensorflow/tfjs-backend-wasm');
  wasmLoaded = true;
}

/**
 * Makes the backend for `choice` active. `auto` tries tfjs-node-gpu, tfjs-node, wasm, then cpu
 * and reports why each earlier one was skipped; a named backend that cannot start is an error
 * that says why.
 */
export async function activateBackend(choice: string): Promise<BackendReport> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new UsageError(`unknown backend "${choice}" (valid: ${BACKEND_CHOICES.join(', ')})`);
  }
  tf.env().set('PROD', true); // no "install tfjs-node" banner: we print what we chose and why
  const attempts: BackendAttempt[] = [];
  let nativePackage: string | undefined;
  if (choice === 'auto' || choice === 'tensorflow') {
    const probes = await loadNative();
    nativePackage = probes.find((p) => p.ok)?.pkg;
    if (!nativePackage) {
      const why = probes.map((p) => `${p.pkg}: ${p.reason}`).join('; ');
      if (choice === 'tensorflow') throw new UsageError(`backend "tensorflow" is not available (${why}); see docs/backends.md "Enabling tfjs-node / tfjs-node-gpu"`);
      attempts.push({ name: 'tensorflow', ok: false, reason: why });
    }
  }
  await loadWasm();
  const order = choice === 'auto' ? [...(nativePackage ? ['tensorflow'] : []), 'wasm', 'cpu'] : [choice];
  try {
    const sel = await selectBackend(order);
    return { backend: sel.backend, ...(sel.backend === 'tensorflow' && nativePackage ? { nativePackage } : {}), attempts: [...attempts, ...sel.attempts] };
  } catch (e) {
    throw new UsageError(`backend "${choice}" could not be started: ${(e as Error).message}`);
  }
}

/** One line for logs: `backend wasm (skipped: tensorflow: ...)`. */
export function describeBackend(r: BackendReport): string {
  const skipped = r.attempts.filter((a) => !a.ok);
  const extra = r.backend === 'wasm' ? `, SIMD, ${wasmThreads()} thread` : r.nativePackage ? ` via ${r.nativePackage}` : '';
  return `backend ${r.backend}${extra}${skipped.length ? ` (skipped: ${skipped.map((a) => `${a.name}: ${a.reason}`).join('; ')})` : ''}`;
}

/** Threads of the wasm backend once initialised (1 in Node), else null. */
export function wasmThreads(): number | null {
  try {
    return getThreadsCount();
  } catch {
    return null;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
