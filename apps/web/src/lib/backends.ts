/**
 * Backend set-up for the page and the training worker: registers tfjs's webgpu, webgl, wasm and
 * cpu backends, points wasm at the `.wasm` files the Vite build serves, and picks the fastest one
 * that initialises (or the one the user chose), remembering why the others were passed over.
 * @module
 */
import { selectBackend, type BackendAttempt } from '@seqlab/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// `?url` makes Vite copy each binary into the build (hashed) and give us its served URL.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Backends in the order the page tries them: fastest first. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** One of the page's backends. */
export type BackendName = (typeof BACKEND_ORDER)[number];

// The page sends no COOP/COEP headers (they would block cross-origin bundle URLs and `blob:`
// downloads), so SharedArrayBuffer is unavailable; tfjs's threaded wasm build also breaks in a
// minified Vite build (its worker is rebuilt from the Emscripten glue's source text). Force the
// single-threaded SIMD build: tfjs otherwise probes for threads and may pick the threaded file.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd });
// PROD silences tfjs's console banners (the e2e run checks the console stays free of errors).
tf.env().set('PROD', true);

/** What {@link initBackend} chose. */
export interface BackendStatus {
  backend: BackendName;
  /** Each backend tried before it (and it), with the reason a failed one was skipped. */
  attempts: BackendAttempt[];
}

/**
 * Makes `preferred` the active backend, or the fastest that initialises when `preferred` is
 * `auto` (or fails: the next ones are tried in {@link BACKEND_ORDER}). A backend is proven with a
 * small computation read back asynchronously, since some (WebGPU on a software adapter) register
 * and then fail on the first kernel.
 */
export async function initBackend(preferred: BackendName | 'auto' = 'auto'): Promise<BackendStatus> {
  const start = preferred === 'auto' ? 0 : BACKEND_ORDER.indexOf(preferred);
  if (start < 0) throw new Error(`backend must be one of auto, ${BACKEND_ORDER.join(', ')}; got "${preferred}"`);
  const order = BACKEND_ORDER.slice(start);
  const attempts: BackendAttempt[] = [];
  for (let i = 0; i < order.length; i++) {
    let sel: Awaited<ReturnType<typeof selectBackend>>;
    try {
      sel = await selectBackend([order[i]!]);
    } catch (e) {
      attempts.push(...((e as { attempts?: BackendAttempt[] }).attempts ?? [{ name: order[i]!, ok: false, reason: String(e) }]));
      continue;
    }
    const probe = await smokeTest();
    if (probe) {
      attempts.push({ name: order[i]!, ok: false, reason: `initialised but failed a test computation: ${probe}` });
      continue;
    }
    attempts.push(...sel.attempts);
    return { backend: sel.backend as BackendName, attempts };
  }
  throw new Error(`no backend could be initialised: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`);
}

/** Runs a tiny matMul and checks the result; returns an error message, or '' when it is right. */
async function smokeTest(): Promise<string> {
  try {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const p = tf.matMul(a, a);
    const got = Array.from(await p.data());
    tf.dispose([a, p]);
    return got.join(',') === '7,10,15,22' ? '' : `matMul gave ${got.join(',')}, expected 7,10,15,22`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
