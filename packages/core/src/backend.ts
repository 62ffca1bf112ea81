/**
 * Backend selection by name. Core never imports a backend: the app (or test) imports the backend
 * packages it wants (`@tensorflow/tfjs-backend-wasm`, ...), which register themselves, and then
 * asks for them in order of preference here.
 * @module
 */
import { engine, findBackendFactory, getBackend, setBackend } from '@tensorflow/tfjs-core';
import { ensureWasmKernels } from './ops/wasm-kernels.js';

/** The outcome of trying one backend. */
export interface BackendAttempt {
  name: string;
  ok: boolean;
  /** Why it was not used (not registered, failed to initialise, with tfjs's message). */
  reason?: string;
}

/** What {@link selectBackend} chose and why each earlier preference was passed over. */
export interface BackendSelection {
  backend: string;
  attempts: BackendAttempt[];
}

/** No preferred backend could be initialised. Lists every attempt. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(readonly attempts: BackendAttempt[]) {
    super(`no backend could be initialised: ${attempts.map((a) => `${a.name}: ${a.reason ?? 'ok'}`).join('; ')}`);
  }
}

/** Names of the backends registered so far (by importing their packages). */
export function registeredBackends(): string[] {
  return Object.keys(engine().registryFactory);
}

/**
 * Tries each backend in `preferences` in order and makes the first that initialises the active
 * one. Returns its name and, for each earlier one, why it was skipped; throws a
 * {@link BackendError} when none works.
 */
export async function selectBackend(preferences: readonly string[]): Promise<BackendSelection> {
  const attempts: BackendAttempt[] = [];
  for (const name of preferences) {
    if (!findBackendFactory(name)) {
      attempts.push({ name, ok: false, reason: `not registered (import its package, e.g. @tensorflow/tfjs-backend-${name})` });
      continue;
    }
    const { ok, warning } = await captureWarnings(() => setBackend(name));
    if (ok && getBackend() === name) {
      if (name === 'wasm') ensureWasmKernels();
      attempts.push({ name, ok: true });
      return { backend: name, attempts };
    }
    const why = warning || (await factoryError(name));
    attempts.push({ name, ok: false, reason: `initialisation failed${why ? `: ${why}` : ''}` });
  }
  throw new BackendError(attempts);
}

/**
 * tfjs logs why a backend failed only through console.warn, and not at all when the `PROD` flag is
 * set: in that case run the factory once more to catch the error itself.
 */
async function factoryError(name: string): Promise<string> {
  try {
    const backend = await findBackendFactory(name)?.();
    backend?.dispose();
    return '';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** tfjs reports a failed backend initialisation only through console.warn: keep the message. */
async function captureWarnings(fn: () => Promise<boolean>): Promise<{ ok: boolean; warning: string }> {
  const original = console.warn;
  const seen: string[] = [];
  console.warn = (...args: unknown[]) => {
    seen.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  try {
    const ok = await fn();
    return { ok, warning: seen.join(' ').trim() };
  } catch (e) {
    return { ok: false, warning: [...seen, (e as Error).message].join(' ').trim() };
  } finally {
    console.warn = original;
  }
}
