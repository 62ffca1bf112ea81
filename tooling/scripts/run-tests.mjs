// The project's one test command (README, CI): builds every package, runs every vitest project
// (node: cpu + wasm; browser: webgl + webgpu in headless Chromium), and ends with the line
// `N passed, N failed` computed from vitest's JSON report. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const report = join(root, '.vitest-report.json');
const extra = process.argv.slice(2);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  return r.status ?? 1;
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

if (run(bin('turbo'), ['run', 'build', '--output-logs=errors-only']) !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

rmSync(report, { force: true });
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A test file that failed without a failed test (it did not load, or a hook threw) counts too.
  failed = (json.numFailedTests ?? 0) + countFilesFailedOutsideTests(json);
} else {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);

function countFilesFailedOutsideTests(json) {
  return (json.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}
