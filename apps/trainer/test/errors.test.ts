import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run, tempDir, TINY } from './helpers.js';

describe('bad input gets a clear message, status 2 (usage) or 1 (data), and no half-written --out', () => {
  it('unknown command, task, flag, backend and bad flag values list what is valid', async () => {
    const cmd = await run(['trian']);
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('unknown command "trian" (valid commands: info, train, eval, translate, classify, generate, bench)');
    const task = await run(['train', 'summarize']);
    expect(task.code).toBe(2);
    expect(task.err).toContain('unknown task "summarize" (valid tasks: translate, classify-names, generate-names, lm)');
    const flag = await run(['train', 'lm', '--epochz', '3']);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/unknown flag --epochz \(valid flags: --data, --out, .*--bptt/);
    const backend = await run(['train', 'lm', '--backend', 'webgpu']);
    expect(backend.err).toContain('--backend must be one of auto, tensorflow, wasm, cpu; got "webgpu"');
    const num = await run(['train', 'lm', '--steps', 'many']);
    expect(num.err).toContain('--steps expects an integer, got "many"');
    const low = await run(['train', 'lm', '--lr=-1']);
    expect(low.err).toContain('--lr must be >= 0, got -1');
    const dash = await run(['train', 'lm', '--lr', '-1']);
    expect(dash.err).toContain('(write --lr=VALUE for a value starting with "-")');
    const bench = await run(['bench', '--backends', 'webgpu']);
    expect(bench.code).toBe(2);
    expect(bench.err).toMatch(/backend "webgpu" is not available \(available: .*wasm, cpu\)/);
    const choice = await run(['train', 'translate', '--attention', 'luong']);
    expect(choice.err).toContain('--attention must be one of bahdanau, luong-dot, luong-general, luong-concat; got "luong"');
  });

  it('--backend tensorflow without tfjs-node says why and how to enable it', async () => {
    const r = await run(['train', 'lm', '--backend', 'tensorflow', '--data', join(FIXTURES, 'corpus.txt')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/backend "tensorflow" is not available \(@tensorflow\/tfjs-node-gpu: .+; @tensorflow\/tfjs-node: .+\); see docs\/backends.md/);
  });

  it('missing, malformed, empty and non-UTF-8 data files name the file (and line); nothing is written', async () => {
    const dir = tempDir();
    const out = join(dir, 'never');
    const cases: [string, RegExp][] = [
      ['missing.tsv', /--data .*missing\.tsv: no such file/],
      ['bad-columns.tsv', /bad-columns\.tsv:2: expected at least 2 tab-separated columns \(source, target\), got 1/],
      ['empty.tsv', /empty\.tsv: file is empty/],
      ['bad-utf8.tsv', /bad-utf8\.tsv:2: invalid UTF-8/],
    ];
    for (const [file, msg] of cases) {
      const r = await run(['train', 'translate', '--data', join(FIXTURES, file), '--out', out, ...TINY]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(msg);
    }
    const names = await run(['train', 'classify-names', '--data', join(FIXTURES, 'pairs.tsv'), '--out', out, ...TINY]);
    expect(names.err).toMatch(/pairs\.tsv: is a file, expected a folder/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an existing --out is refused before training unless --overwrite', async () => {
    const dir = tempDir();
    const out = join(dir, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = await run(['train', 'lm', '--data', join(FIXTURES, 'corpus.txt'), '--out', out, ...TINY]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('already exists: pass --overwrite');
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('a bundle of the wrong task names its task and the command that runs it; a non-bundle folder names the file', async () => {
    const out = join(tempDir(), 'cls');
    expect((await run(['train', 'classify-names', '--data', join(FIXTURES, 'names'), '--out', out, ...TINY, '--hidden', '8', '--embedding', '4'])).code).toBe(0);
    const t = await run(['translate', out, 'hallo', '--backend', 'cpu']);
    expect(t.code).toBe(2);
    expect(t.err).toContain(`${out} is a "classify-names" bundle, but translate needs a "translate" bundle (run it with seqlab classify)`);
    const g = await run(['generate', out, '--backend', 'cpu']);
    expect(g.err).toContain('generate needs a "generate-names" or "lm" bundle');
    const none = await run(['eval', tempDir(), '--backend', 'cpu']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/config\.json.*missing from the bundle folder/);
    const missing = await run(['translate', '--backend', 'cpu']);
    expect(missing.err).toContain('missing <bundle> folder');
  });
});
