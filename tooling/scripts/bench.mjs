// `pnpm bench`: runs every benchmark script (packages/*/bench/*.bench.mjs, apps/*/bench/*.bench.mjs)
// one after another, each in its own Node process so that backends and memory start fresh.
// A benchmark measures seqlab AND its peer in the same run and prints throughputs and the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const filter = process.argv[2];
const scripts = [];
for (const group of ['packages', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const pkg of readdirSync(dir)) {
    const bench = join(dir, pkg, 'bench');
    if (!existsSync(bench)) continue;
    for (const f of readdirSync(bench).filter((n) => n.endsWith('.bench.mjs')).sort()) scripts.push(join(bench, f));
  }
}
let failed = 0;
for (const s of scripts.filter((p) => !filter || p.includes(filter))) {
  console.log(`\n=== ${relative(root, s)}`);
  const r = spawnSync(process.execPath, [s], { cwd: dirname(dirname(s)), stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
