import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A model for the PyTorch peer: its bundle architecture (type + resolved config) and batch shape. */
export interface TorchPeerCase {
  name: string;
  type: string;
  config: object;
  batch: number;
  length: number;
}

/** What the peer measured: ms per training step by model and thread count. */
export interface TorchPeerResult {
  torch: string;
  blas: string;
  threads: number[];
  /** The fastest thread count's mean ms per step for a model. */
  best(name: string): { ms: number; threads: number };
}

const PYTHON = '/usr/bin/python3';
// dist/commands/bench-torch.js -> apps/trainer/bench/torch_peers.py (the script uses the PyTorch
// twins in the repository's tooling/, so the peer runs from a checkout, not from a package).
const SCRIPT = fileURLToPath(new URL('../../bench/torch_peers.py', import.meta.url));

/**
 * Times the same models in PyTorch CPU (Debian's python3-torch) at 1 thread and at every core,
 * with the same steps; `{skipped}` with the reason when Python, torch or the script is missing or
 * the script fails.
 */
export function runTorchPeer(cases: readonly TorchPeerCase[], steps: number): TorchPeerResult | { skipped: string } {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found (apt-get install python3-torch)` };
  if (!existsSync(SCRIPT)) return { skipped: 'apps/trainer/bench/torch_peers.py is not here: the peer runs from a seqlab checkout' };
  if (spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return { skipped: `${PYTHON} cannot import torch (apt-get install python3-torch)` };
  const threads = [...new Set([1, cpus().length])];
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify({ steps, threads, cases }), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return { skipped: `torch_peers.py failed: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}` };
  const out = JSON.parse(r.stdout) as { torch: string; blas: string; ms: Record<string, Record<string, number>> };
  return {
    torch: out.torch,
    blas: out.blas,
    threads,
    best(name) {
      const byThreads = Object.entries(out.ms[name] ?? {}).map(([t, ms]) => ({ ms, threads: Number(t) }));
      if (!byThreads.length) throw new Error(`torch_peers.py gave no time for "${name}"`);
      return byThreads.reduce((a, b) => (b.ms < a.ms ? b : a));
    },
  };
}
