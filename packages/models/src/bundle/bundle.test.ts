import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manualSeed } from '@seqlab/core';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the fresh-process script
import { Bigram, registry, wordLevelTokenizer } from '../../test/bigram-architecture.mjs';
import { directoryReader, directoryWriter } from '../node.js';
import { BundleError } from './errors.js';
import { memoryReader, memoryWriter, type BundleWriter } from './io.js';
import { loadBundle } from './load.js';
import { saveBundle } from './save.js';

const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'seqlab-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type BigramModel = InstanceType<typeof Bigram> & { forward(ids: tf.Tensor): tf.Tensor };

function input(model: BigramModel, vocab = 6) {
  return {
    task: 'lm',
    architecture: { type: 'bigram', vocab, dim: 4 },
    model,
    tokenizers: { text: { file: 'tokenizer.json', json: wordLevelTokenizer(vocab), vocabSize: vocab } },
    training: { steps: 0 },
  };
}

async function outputs(model: BigramModel): Promise<number[]> {
  const ids = tf.tensor1d([0, 1, 2, 3], 'int32');
  const y = model.forward(ids);
  const out = Array.from(await y.data()) as number[];
  tf.dispose([ids, y]);
  return out;
}

async function savedFiles(vocab = 6): Promise<Map<string, Uint8Array>> {
  manualSeed(1);
  const model = new Bigram(vocab, 4) as BigramModel;
  const w = memoryWriter();
  await saveBundle(w, input(model, vocab));
  model.dispose();
  return w.files;
}

describe('bundles', () => {
  it('save -> load (memory) reproduces the outputs exactly', async () => {
    manualSeed(1);
    const model = new Bigram(6, 4) as BigramModel;
    const w = memoryWriter();
    const config = await saveBundle(w, input(model));
    expect([...w.files.keys()].sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect(config.formatVersion).toBe(1);
    const loaded = await loadBundle<BigramModel>(memoryReader(w.files), registry);
    expect(await outputs(loaded.model)).toEqual(await outputs(model));
    expect(loaded.config.task).toBe('lm');
    model.dispose();
    loaded.model.dispose();
  });

  it('a bundle folder written here loads in a fresh Node process with identical outputs', async () => {
    manualSeed(2);
    const model = new Bigram(6, 4) as BigramModel;
    const dir = join(scratch, 'fresh');
    await saveBundle(directoryWriter(dir), input(model));
    const out = execFileSync(process.execPath, [join(here, '..', '..', 'test', 'load-in-fresh-process.mjs'), dir], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual(await outputs(model));
    model.dispose();
  });

  it('directoryWriter leaves nothing at the destination when a save fails, and refuses to overwrite', async () => {
    manualSeed(3);
    const model = new Bigram(6, 4) as BigramModel;
    const dir = join(scratch, 'failed');
    const real = directoryWriter(dir);
    const failing: BundleWriter = {
      location: real.location,
      write: async (name, bytes) => {
        if (name === 'tokenizer.json') throw new Error('disk full');
        await real.write(name, bytes);
      },
      commit: () => real.commit(),
      abort: () => real.abort(),
    };
    await expect(saveBundle(failing, input(model))).rejects.toThrow(/disk full/);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(scratch).filter((f) => f.includes('failed'))).toEqual([]);
    await saveBundle(directoryWriter(dir), input(model));
    await expect(saveBundle(directoryWriter(dir), input(model))).rejects.toThrow(/already exists/);
    await saveBundle(directoryWriter(dir, { overwrite: true }), input(model));
    expect((await loadBundle(directoryReader(dir), registry)).config.task).toBe('lm');
    model.dispose();
  });

  describe('bad bundles: a BundleError naming the file, and nothing left in memory', () => {
    const cases: [string, (files: Map<string, Uint8Array>) => void, RegExp][] = [
      ['corrupt config.json', (f) => f.set('config.json', new TextEncoder().encode('{"format": ')), /config\.json: not valid UTF-8 JSON/],
      ['a newer format version', (f) => patchConfig(f, (c) => (c.formatVersion = 99)), /formatVersion 99 is newer than this library reads \(1\)/],
      ['an unknown architecture', (f) => patchConfig(f, (c) => ((c.architecture as { type: string }).type = 'gpt9')), /unknown architecture\.type "gpt9"/],
      ['truncated weights', (f) => f.set('model.safetensors', f.get('model.safetensors')!.slice(0, 40)), /model\.safetensors: safetensors: /],
      ['weights whose shapes disagree with the config', (f) => patchConfig(f, (c) => ((c.architecture as { dim: number }).dim = 5)), /model\.safetensors: does not match the architecture.*size mismatch for embed\.weight: expected \[6, 5\], got \[6, 4\]/],
      ['a tokenizer whose vocabulary disagrees', (f) => f.set('tokenizer.json', new TextEncoder().encode(wordLevelTokenizer(9))), /tokenizer\.json: the text tokenizer has 9 tokens but the model was built for 6/],
      ['a missing tokenizer file', (f) => f.delete('tokenizer.json'), /tokenizer\.json: missing from the bundle/],
    ];
    for (const [what, corrupt, message] of cases) {
      it(what, async () => {
        const files = await savedFiles();
        corrupt(files);
        const before = tf.memory().numTensors;
        const err = await loadBundle(memoryReader(files), registry).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BundleError);
        expect((err as Error).message).toMatch(message);
        expect(tf.memory().numTensors).toBe(before);
      });
    }
    it('a bundle of the wrong task for the caller', async () => {
      const files = await savedFiles();
      await expect(loadBundle(memoryReader(files), registry, { task: 'translate' })).rejects.toThrow(/this is a "lm" bundle, but a "translate" bundle is needed/);
    });
  });
});

function patchConfig(files: Map<string, Uint8Array>, edit: (c: Record<string, unknown>) => void): void {
  const c = JSON.parse(new TextDecoder().decode(files.get('config.json')!)) as Record<string, unknown>;
  edit(c);
  files.set('config.json', new TextEncoder().encode(JSON.stringify(c)));
}
