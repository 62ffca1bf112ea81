import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectClose, fromFixture } from '@seqlab/testing';
import { describe, expect, it } from 'vitest';
import sequential from '../fixtures/sequential.json' with { type: 'json' };
import { Embedding } from './layers/embedding.js';
import { LayerNorm } from './layers/layer-norm.js';
import { Linear } from './layers/linear.js';
import { expectNoLeaks } from './leaks.js';
import { Module, ModuleList, StateDictError } from './module.js';
import { parseSafetensors } from './safetensors/read.js';
import { loadWeights, saveWeights } from './weights.js';

/** Mirrors torch.nn.Sequential(nn.Linear(4, 3), nn.LayerNorm(3)): children named "0" and "1". */
class Seq extends Module {
  readonly lin = this.addModule('0', new Linear(4, 3));
  readonly norm = this.addModule('1', new LayerNorm(3));
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.norm.forward(this.lin.forward(x)));
  }
}

class Encoder extends Module {
  readonly embed = this.addModule('embed', new Embedding(10, 4));
  readonly layers = this.addModule('layers', new ModuleList([new Linear(4, 4), new Linear(4, 4, { bias: false })]));
  readonly norm = this.addModule('norm', new LayerNorm(4));
  readonly scale = this.addParameter('scale', tf.ones([1]));
}

describe('Module naming', () => {
  it('stateDict keys follow PyTorch: own parameters first, then children, ModuleList by index', () => {
    const m = new Encoder();
    expect(Object.keys(m.stateDict())).toEqual([
      'scale',
      'embed.weight',
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'norm.weight',
      'norm.bias',
    ]);
    expect(m.numParameters()).toBe(1 + 40 + 16 + 4 + 16 + 4 + 4);
    expect(m.namedModules().map(([n]) => n)).toEqual(['', 'embed', 'layers', 'layers.0', 'layers.1', 'norm']);
    m.dispose();
  });
  it('train() / eval() reach every descendant', () => {
    const m = new Encoder();
    m.eval();
    expect(m.namedModules().every(([, c]) => !c.training)).toBe(true);
    m.train();
    expect(m.namedModules().every(([, c]) => c.training)).toBe(true);
    m.dispose();
  });
  it('dispose() frees every parameter', () => {
    const before = tf.memory().numTensors;
    const m = new Encoder();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('rejects duplicate and dotted names', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.addModule('a', new Linear(1, 1));
        this.addModule(name, new Linear(1, 1));
      }
    }
    expect(() => new Bad('a')).toThrow(/already registered/);
    expect(() => new Bad('b.c')).toThrow(/invalid name/);
  });
});

describe('loadStateDict', () => {
  it('loads a PyTorch nn.Sequential saved to safetensors and reproduces its output', async () => {
    const m = new Seq();
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/sequential.safetensors', import.meta.url))));
    loadWeights(m, bytes);
    const c = sequential.cases.model;
    const x = fromFixture(c.input);
    const y = m.forward(x);
    await expectClose(y, c.output, 1e-5);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('strict: names every missing and unexpected key and loads nothing', async () => {
    const m = new Seq();
    const before = await m.lin.weight.data();
    const sd = { '0.weight': tf.zeros([3, 4]), '0.bias': tf.zeros([3]), '1.weight': tf.zeros([3]), extra: tf.zeros([1]) };
    let err: unknown;
    try {
      m.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    expect((err as StateDictError).missingKeys).toEqual(['1.bias']);
    expect((err as StateDictError).unexpectedKeys).toEqual(['extra']);
    expect((err as Error).message).toMatch(/missing keys: 1\.bias; unexpected keys: extra/);
    expect(Array.from(await m.lin.weight.data())).toEqual(Array.from(before));
    tf.dispose(Object.values(sd));
    m.dispose();
  });

  it('names the key and both shapes on a size mismatch, in strict and non-strict mode', async () => {
    const m = new Seq();
    const before = Array.from(await m.lin.bias!.data());
    const sd = { '0.weight': tf.zeros([4, 3]), '0.bias': tf.ones([3]), '1.weight': tf.ones([3]), '1.bias': tf.zeros([3]) };
    expect(() => m.loadStateDict(sd)).toThrow(/size mismatch for 0\.weight: expected \[3, 4\], got \[4, 3\]/);
    expect(() => m.loadStateDict(sd, { strict: false })).toThrow(StateDictError);
    // Nothing partially loaded: the valid 0.bias was not written either.
    expect(Array.from(await m.lin.bias!.data())).toEqual(before);
    tf.dispose(Object.values(sd));
    m.dispose();
  });

  it('non-strict loads the matching keys and reports the rest', async () => {
    const m = new Seq();
    const sd = { '0.bias': tf.tensor1d([1, 2, 3]), other: tf.zeros([2]) };
    const r = m.loadStateDict(sd, { strict: false });
    expect(r.missingKeys).toEqual(['0.weight', '1.weight', '1.bias']);
    expect(r.unexpectedKeys).toEqual(['other']);
    expect(Array.from(await m.lin.bias!.data())).toEqual([1, 2, 3]);
    tf.dispose(Object.values(sd));
    m.dispose();
  });

  it('saveWeights -> loadWeights round-trips exactly and leaks nothing', async () => {
    const a = new Encoder();
    const b = new Encoder();
    const bytes = saveWeights(a, { note: 'x' });
    expect(parseSafetensors(bytes).metadata).toEqual({ note: 'x' });
    expectNoLeaks(() => loadWeights(b, bytes));
    for (const [k, t] of Object.entries(a.stateDict())) {
      expect(Array.from(await b.stateDict()[k]!.data())).toEqual(Array.from(await t.data()));
    }
    a.dispose();
    b.dispose();
  });
});
