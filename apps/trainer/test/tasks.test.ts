import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run, tempDir, TINY } from './helpers.js';

const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

describe('every task trains from the CLI, writes a bundle, evaluates and predicts', () => {
  it('translate (rnn-attention): train -> bundle -> eval -> translate (args, stdin, --json, --beam)', async () => {
    const dir = tempDir();
    const out = join(dir, 'tr');
    const before = tf.memory().numTensors;
    const t = await run(['train', 'translate', '--data', join(FIXTURES, 'pairs.tsv'), '--out', out, ...TINY, '--hidden', '16', '--embedding', '8', '--samples', '2']);
    expect(t.err).toContain('backend cpu');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/held-out BLEU \d+\.\d\d/);
    // evaluateRandomly's layout: > source, = reference, < output.
    expect(t.out).toMatch(/^> .+\n= .+\n< .*$/m);
    const cfg = json(join(out, 'config.json'));
    expect(cfg.task).toBe('translate');
    expect(cfg.architecture.type).toBe('seq2seq-attention');
    expect(cfg.architecture.hiddenSize).toBe(16);
    expect(cfg.training.steps).toBe(4);
    expect(cfg.tokenizers.source.file).toBe('tokenizer-source.json');
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    // Pictures beside the weights: loss curve and attention maps, SVG + PNG.
    expect(readFileSync(join(out, 'loss-curve.svg'), 'utf8')).toMatch(/^<svg[\s\S]*validation[\s\S]*<\/svg>\s*$/);
    expect([...readFileSync(join(out, 'loss-curve.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(existsSync(join(out, 'attention-1.svg')) && existsSync(join(out, 'attention-1.png'))).toBe(true);
    expect(t.out).toContain('loss-curve.svg, loss-curve.png, attention-1.svg');
    expect(readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type)).toContain('eval');
    expect(tf.memory().numTensors).toBe(before); // training, evaluation and saving free every tensor

    const e = await run(['eval', out, '--backend', 'cpu', '--json']);
    expect(e.code).toBe(0);
    const m = JSON.parse(e.out);
    expect(m.task).toBe('translate');
    expect(m.bleu).toBeCloseTo(cfg.training.metrics.bleu, 6); // same held-out split rebuilt from the saved flags

    const p = await run(['translate', out, 'ich bin müde.', 'du bist hier.', '--backend', 'cpu']);
    expect(p.code).toBe(0);
    expect(p.out.endsWith('\n') && p.out.split('\n').length).toBe(3); // one line per input (an output may be empty)
    const s = await run(['translate', out, '--backend', 'cpu', '--json', '--beam', '2'], ['er ist klug.', '', 'wir sind da.']);
    const rows = s.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.source)).toEqual(['er ist klug.', 'wir sind da.']);
    expect(rows[0].sourceTokens).toEqual(['er', 'ist', 'klug', '.', '</s>']);
    expect(rows[0].attention[0]).toHaveLength(5);
  });

  it('translate --arch transformer with BPE tokenizers', async () => {
    const out = join(tempDir(), 'tt');
    const t = await run(['train', 'translate', '--arch', 'transformer', '--tokenizer', 'bpe', '--vocab-size', '60', '--d-model', '16', '--heads', '2', '--ff', '32', '--data', join(FIXTURES, 'pairs.tsv'), '--out', out, ...TINY, '--samples', '1']);
    expect(t.code).toBe(0);
    const cfg = json(join(out, 'config.json'));
    expect(cfg.architecture.type).toBe('transformer-seq2seq');
    expect(json(join(out, 'tokenizer-target.json')).model.type).toBe('BPE');
    const p = await run(['translate', out, 'ich bin hier.', '--backend', 'cpu']);
    expect(p.code).toBe(0);
  });

  it('classify-names: accuracy, confusion data, classify with --json', async () => {
    const out = join(tempDir(), 'cls');
    const t = await run(['train', 'classify-names', '--data', join(FIXTURES, 'names'), '--out', out, ...TINY, '--hidden', '16', '--embedding', '8']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/held-out accuracy \d+\.\d\d% on \d+ names \(3 languages/);
    const cfg = json(join(out, 'config.json'));
    expect(cfg.training.labels).toEqual(['German', 'Italian', 'Japanese']);
    expect(readFileSync(join(out, 'confusion.svg'), 'utf8')).toContain('Japanese');
    expect(existsSync(join(out, 'confusion.png'))).toBe(true);
    const e = await run(['eval', out, '--backend', 'cpu', '--json']);
    expect(JSON.parse(e.out).accuracy).toBeCloseTo(cfg.training.metrics.accuracy, 9);
    const c = await run(['classify', out, 'Rossi', '--json', '--top-k', '2', '--backend', 'cpu']);
    const r = JSON.parse(c.out);
    expect(r.name).toBe('Rossi');
    expect(r.predictions).toHaveLength(2);
    expect(r.predictions[0].probability).toBeGreaterThanOrEqual(r.predictions[1].probability);
  });

  it('generate-names: perplexity, names per language, unknown language listed', async () => {
    const out = join(tempDir(), 'gen');
    const t = await run(['train', 'generate-names', '--data', join(FIXTURES, 'names'), '--out', out, ...TINY, '--hidden', '16', '--embedding', '8']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/held-out perplexity \d+\.\d+ per character/);
    const g = await run(['generate', out, 'italian', '--count', '3', '--json', '--backend', 'cpu']);
    const r = JSON.parse(g.out);
    expect(r.language).toBe('Italian');
    expect(r.names).toHaveLength(3);
    const bad = await run(['generate', out, 'Klingon', '--backend', 'cpu']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown language "Klingon" (this model knows: German, Italian, Japanese)');
  });

  it('lm --arch rnn --level char and --arch transformer --level bpe: perplexity, generate from a prompt', async () => {
    const dir = tempDir();
    for (const [arch, extra] of [
      ['rnn', ['--hidden', '16', '--embedding', '8', '--layers', '1']],
      ['transformer', ['--level', 'bpe', '--vocab-size', '60', '--d-model', '16', '--heads', '2', '--ff', '32', '--layers', '1']],
    ] as const) {
      const out = join(dir, arch);
      const t = await run(['train', 'lm', '--arch', arch, ...extra, '--data', join(FIXTURES, 'corpus.txt'), '--bptt', '16', '--sample-length', '10', '--out', out, ...TINY]);
      expect(t.code).toBe(0);
      expect(t.out).toMatch(/held-out perplexity \d+\.\d+ per/);
      const e = await run(['eval', out, '--backend', 'cpu', '--json']);
      expect(JSON.parse(e.out).perplexity).toBeCloseTo(json(join(out, 'config.json')).training.metrics.perplexity, 6);
      const g = await run(['generate', out, 'call me', '--max-length', '8', '--top-p', '0.9', '--backend', 'cpu']);
      expect(g.code).toBe(0);
      expect(g.out.startsWith('call me')).toBe(true);
      // Longer than a Transformer's maxLen (256 positions): capped, not a crash.
      const long = await run(['generate', out, 'call me', '--max-length', '300', '--backend', 'cpu']);
      expect(long.code).toBe(0);
    }
  });
});
