import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { loadNative, loadWasm, wasmThreads } from './backend.js';
import type { CliIo } from './io.js';

/** One backend line of `seqlab info`. */
export interface BackendStatus {
  name: string;
  available: boolean;
  chosen: boolean;
  /** Why not available, or what provides it. */
  note: string;
}

/** What `seqlab info` reports. */
export interface InfoReport {
  node: string;
  tfjsCore: string;
  tfjsWasm: string;
  /** CPU threads of the machine. */
  cpus: number;
  /** Threads the wasm backend runs (1 in Node). */
  wasmThreads: number | null;
  /** WebAssembly SIMD support of this runtime. */
  simd: boolean;
  backends: BackendStatus[];
  /** What `--backend auto` picks. */
  auto: string;
}

/**
 * Probes every backend `--backend auto` could use, in its order, without keeping any but the
 * first that works active: tfjs-node-gpu, tfjs-node (optional, loaded only if installed), wasm
 * (SIMD, one thread), cpu.
 */
export async function collectInfo(): Promise<InfoReport> {
  tf.env().set('PROD', true);
  const native = await loadNative();
  await loadWasm();
  const backends: BackendStatus[] = [];
  for (const p of native) {
    backends.push({ name: `tensorflow (${p.pkg})`, available: p.ok, chosen: false, note: p.ok ? 'loaded' : (p.reason ?? '') });
  }
  for (const name of ['wasm', 'cpu']) {
    let ok = false;
    let note = '';
    try {
      ok = await tf.setBackend(name);
      if (!ok) note = 'initialisation failed';
    } catch (e) {
      note = (e as Error).message;
    }
    if (ok && name === 'wasm') note = `SIMD build, ${wasmThreads() ?? 1} thread (threaded wasm does not start in Node)`;
    if (ok && name === 'cpu') note = 'plain JavaScript (exact reference, slowest)';
    backends.push({ name, available: ok, chosen: false, note });
  }
  const first = backends.find((b) => b.available);
  if (first) {
    first.chosen = true;
    await tf.setBackend(first.name.startsWith('tensorflow') ? 'tensorflow' : first.name);
  }
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return {
    node: process.version,
    tfjsCore: tf.version_core,
    tfjsWasm: version_wasm,
    cpus: availableParallelism(),
    wasmThreads: wasmThreads(),
    simd,
    backends,
    auto: first ? first.name : 'none',
  };
}

/** Prints {@link collectInfo} as a table, or as JSON with `json`. */
export async function runInfo(io: CliIo, json: boolean): Promise<number> {
  const r = await collectInfo();
  if (json) {
    io.out(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `node          ${r.node}`,
    `tfjs-core     ${r.tfjsCore}`,
    `tfjs wasm     ${r.tfjsWasm}`,
    `cpu threads   ${r.cpus}`,
    `wasm threads  ${r.wasmThreads ?? 'n/a'}`,
    `wasm SIMD     ${r.simd ? 'yes' : 'no'}`,
    '',
    'backends (the order --backend auto tries):',
    ...r.backends.map((b) => `  ${b.chosen ? '*' : ' '} ${b.name.padEnd(36)} ${b.available ? 'available' : 'unavailable'}  ${b.note}`),
    '',
    `--backend auto chooses: ${r.auto}`,
  ];
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
