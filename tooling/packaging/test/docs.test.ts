import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function run(bin: string, args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [join(root, 'node_modules', bin), ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('release tooling and lint', () => {
  it('TypeDoc documents every package with no warning (treatWarningsAsErrors)', () => {
    const out = mkdtempSync(join(tmpdir(), 'seqlab-docs-'));
    const r = run('typedoc/bin/typedoc', ['--out', out]);
    expect(r.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(r.code).toBe(0);
    const packages = readdirSync(join(root, 'packages'));
    const pages = readdirSync(out);
    expect(pages).toContain('index.html');
    rmSync(out, { recursive: true, force: true });
    expect(packages.length).toBeGreaterThan(0);
  }, 300_000);

  it('Biome lint finds no error or warning (biome.json)', () => {
    const r = run('@biomejs/biome/bin/biome', ['lint', '--error-on-warnings']);
    expect(r.output).not.toMatch(/Found \d+ (error|warning)/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('changesets: the configuration is valid and pending changesets parse', () => {
    const r = run('@changesets/cli/bin.js', ['status']);
    expect(r.output).not.toMatch(/error/i);
    expect(r.code).toBe(0);
  }, 120_000);
});
