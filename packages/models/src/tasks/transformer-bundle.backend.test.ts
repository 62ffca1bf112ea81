import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaksAsync } from '@seqlab/core';
import { describeBackends } from '@seqlab/testing';
import { expect, it } from 'vitest';
import { memoryReader, urlReader, type BundleReader } from '../bundle/io.js';
import { loadBundle } from '../bundle/load.js';
import { greedyDecode } from '../decoding/greedy.js';
import { createDefaultRegistry } from './architectures.js';
import fixture from './transformer-bundle.fixture.json' with { type: 'json' };
import { TransformerLanguageModel } from './transformer-lm.js';
import { TransformerSeq2Seq } from './transformer-seq2seq.js';

// Bundles saved by Node (transformer-bundle.fixture.mjs: saveBundle on the cpu backend, files
// base64-encoded in the JSON) must load on every backend — cpu and wasm in Node, webgl and webgpu
// in headless Chromium — and decode greedily to the tokens Node produced.

function bytes(b64: string): Uint8Array {
  const s = atob(b64);
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The bundle behind `urlReader`: each file served as a `data:` URL through the real `fetch`. */
function dataUrlReader(files: Record<string, string>): BundleReader {
  const prefix = 'https://bundles.invalid/model/';
  return urlReader(prefix, (input) => {
    const name = String(input).slice(prefix.length);
    const b64 = files[name];
    return b64 === undefined ? Promise.resolve(new Response('missing', { status: 404 })) : fetch(`data:application/octet-stream;base64,${b64}`);
  });
}

const readers: [string, (files: Record<string, string>) => BundleReader][] = [
  ['urlReader', dataUrlReader],
  ['memoryReader', (files) => memoryReader(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, bytes(v)])))],
];

describeBackends('Transformer bundles saved in Node', () => {
  for (const [name, reader] of readers) {
    it(`TransformerSeq2Seq loads through ${name} and greedy-decodes as in Node`, async () => {
      const f = fixture.seq2seq;
      const { model, config } = await loadBundle<TransformerSeq2Seq>(reader(f.files), createDefaultRegistry(), { task: 'translate' });
      expect(model).toBeInstanceOf(TransformerSeq2Seq);
      expect(config.architecture.type).toBe(TransformerSeq2Seq.type);
      model.eval();
      const src = tf.tensor2d(f.sources, [f.sources.length, f.sources[0]!.length], 'int32');
      await expectNoLeaksAsync(async () => {
        const state = model.encode(src);
        const hyps = await greedyDecode(model, state, f.sources.length, { bosId: 1, eosId: 2, maxLength: f.maxLength });
        model.disposeState(state);
        expect(hyps.map((h) => h.tokens)).toEqual(f.greedy.map((g) => g.tokens));
        hyps.forEach((h, i) => expect(h.logProb).toBeCloseTo(f.greedy[i]!.logProb, 3));
      });
      src.dispose();
      model.dispose();
    });
  }

  it('TransformerLanguageModel loads through urlReader and greedy-decodes as in Node', async () => {
    const f = fixture.lm;
    const { model } = await loadBundle<TransformerLanguageModel>(dataUrlReader(f.files), createDefaultRegistry(), { task: 'lm' });
    expect(model).toBeInstanceOf(TransformerLanguageModel);
    model.eval();
    await expectNoLeaksAsync(async () => {
      const state = model.start(1);
      const hyps = await greedyDecode(model, state, 1, { bosId: 1, eosId: 2, maxLength: f.maxLength });
      model.disposeState(state);
      expect(hyps.map((h) => h.tokens)).toEqual(f.greedy.map((g) => g.tokens));
      expect(hyps[0]!.logProb).toBeCloseTo(f.greedy[0]!.logProb, 3);
    });
    model.dispose();
  });
});
