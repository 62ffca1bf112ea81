// Helpers shared by the tokenizer benchmarks (not a benchmark itself: the runner only runs *.bench.mjs).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pnpm = resolve(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.pnpm');

/**
 * At least `minBytes` of varied real text (READMEs, licences and sources of the installed npm
 * packages, in a fixed order), as documents.
 */
export function npmTextCorpus(minBytes) {
  const docs = [];
  let total = 0;
  for (const s of readdirSync(pnpm).sort()) {
    const nm = join(pnpm, s, 'node_modules');
    let pkgs = [];
    try { pkgs = readdirSync(nm).sort(); } catch { continue; }
    for (const p of pkgs) {
      for (const f of ['README.md', 'LICENSE', 'index.js']) {
        const fp = join(nm, p, f);
        try { if (!statSync(fp).isFile()) continue; } catch { continue; }
        const t = readFileSync(fp, 'utf8').slice(0, 40000);
        docs.push(t);
        total += Buffer.byteLength(t);
        if (total >= minBytes) return { docs, total };
      }
    }
  }
  return { docs, total };
}

/** Best-of-`reps` seconds of each function, runs interleaved so machine load hits both alike. */
export function timeAll(fns, reps = 7) {
  for (const fn of fns) fn(); // warm-up (fills word caches, as in steady-state use)
  const best = fns.map(() => Infinity);
  for (let r = 0; r < reps; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      best[i] = Math.min(best[i], performance.now() - t0);
    });
  }
  return best.map((ms) => ms / 1000);
}
