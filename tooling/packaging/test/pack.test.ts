import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

interface Pkg {
  name: string;
  dir: string;
  private?: boolean;
  peerDependencies?: Record<string, string>;
}

const packages: Pkg[] = readdirSync(join(root, 'packages'))
  .map((d) => ({ ...JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')), dir: join(root, 'packages', d) }) as Pkg)
  .filter((p) => !p.private)
  // SEQLAB_PACK_FILTER=core,vocab narrows the run while developing one package.
  .filter((p) => !process.env.SEQLAB_PACK_FILTER || process.env.SEQLAB_PACK_FILTER.split(',').some((f) => p.name === `@seqlab/${f}`));

/** pnpm itself: the test runs under `pnpm test`, which sets npm_execpath to pnpm's entry point. */
function pnpm(args: string[], cwd: string): string {
  const execpath = process.env.npm_execpath;
  if (execpath && /pnpm/.test(execpath)) return execFileSync(process.execPath, [execpath, ...args], { cwd, encoding: 'utf8' });
  return execFileSync('pnpm', args, { cwd, encoding: 'utf8' });
}

let scratch = '';

describe('packed tarballs work outside the workspace', () => {
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'seqlab-pack-'));
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    for (const p of packages) pnpm(['pack', '--pack-destination', tarballs], p.dir);
    const deps: Record<string, string> = {};
    for (const file of readdirSync(tarballs)) {
      const name = file.replace(/^seqlab-(.*)-\d+\.\d+\.\d+.*\.tgz$/, '@seqlab/$1');
      deps[name] = `file:./tarballs/${file}`;
    }
    // Peers a consumer brings: tfjs-core and a backend, at the workspace's versions.
    for (const peer of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu']) deps[peer] = rootPkg.devDependencies[peer]!;
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: deps }, null, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: scratch, stdio: 'pipe' });
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('packs every publishable package', () => {
    expect(packages.map((p) => p.name)).toContain('@seqlab/core');
    expect(readdirSync(join(scratch, 'tarballs')).length).toBe(packages.length);
  });

  it('imports each package from plain Node ESM; @seqlab/core computes and trains', () => {
    const script = `
      import * as tf from '@tensorflow/tfjs-core';
      import '@tensorflow/tfjs-backend-cpu';
      ${packages.map((p, i) => `import * as m${i} from '${p.name}';`).join('\n')}
      const mods = { ${packages.map((p, i) => `'${p.name}': m${i}`).join(', ')} };
      for (const [name, m] of Object.entries(mods)) if (Object.keys(m).length === 0) throw new Error(name + ' exports nothing');
      const core = mods['@seqlab/core'];
      tf.env().set('PROD', true);
      await tf.setBackend('cpu');
      const lin = new core.Linear(3, 2);
      const x = tf.ones([4, 3]);
      const g = tf.grad((w) => tf.sum(tf.matMul(x, w, false, true)))(lin.weight);
      console.log(JSON.stringify({ shape: lin.forward(x).shape, grad: Array.from(g.dataSync()) }));
    `;
    writeFileSync(join(scratch, 'smoke.mjs'), script);
    const out = JSON.parse(execFileSync(process.execPath, ['smoke.mjs'], { cwd: scratch, encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(out.shape).toEqual([4, 2]);
    expect(out.grad).toEqual([4, 4, 4, 4, 4, 4]);
  });

  // skipLibCheck as consumers set it: tfjs-core's own .d.ts files do not check cleanly (a missing
  // global 'Long', @webgpu/types clashing with TypeScript's DOM lib). A missing or broken export of
  // ours still fails here: the consumer imports each name and uses its type.
  it('type-checks a consumer against the installed .d.ts files', () => {
    writeFileSync(
      join(scratch, 'consumer.ts'),
      `import { Linear, parseSafetensors, type HostTensor } from '@seqlab/core';\n` +
        `const l: Linear = new Linear(2, 2);\nconst n: number = l.inFeatures;\nexport { n };\nconst h: HostTensor | undefined = parseSafetensors(new Uint8Array(0)).tensors['x'];\nexport { l, h };\n` +
        packages.map((p, i) => `import * as t${i} from '${p.name}';\nexport const k${i} = Object.keys(t${i});\n`).join(''),
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM'], types: [] }, files: ['consumer.ts'] }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', scratch], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  });

  for (const p of packages) {
    it(`arethetypeswrong finds no problem in ${p.name} for ESM consumers (node16 + bundler)`, () => {
      const tarballs = join(scratch, 'tarballs');
      const tgz = readdirSync(tarballs).find((f) => f.startsWith(`${p.name.replace('@', '').replace('/', '-')}-`))!;
      const attw = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
      let output = '';
      try {
        execFileSync(process.execPath, [attw, '--profile', 'esm-only', '--format', 'ascii', join(tarballs, tgz)], { encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        output = String((e as { stdout?: string }).stdout ?? e);
      }
      expect(output).toBe('');
    });

    it(`publint finds no error or warning in ${p.name}`, async () => {
      const { messages } = await publint({ pkgDir: p.dir, level: 'warning', strict: true });
      expect(messages.map((m) => `${m.type}: ${m.code} ${JSON.stringify(m.args)}`)).toEqual([]);
    });
  }
});
