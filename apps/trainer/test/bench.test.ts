import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

describe('seqlab bench', () => {
  it('times the task models on a backend and the same models in PyTorch CPU in the same run, with ratios', async () => {
    const r = await run(['bench', '--backends', 'wasm', '--steps', '1', '--models', 'name-classifier,name-generator']);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').filter((l) => /^\s+name-(classifier|generator) \(GRU 128\)/.test(l));
    expect(rows).toHaveLength(2);
    if (torch) {
      // CI installs python3-torch: the peer must have run, not been skipped.
      expect(r.out).toMatch(/model\s+wasm tok\/s\s+PyTorch tok\/s\s+seqlab\/PyTorch/);
      for (const row of rows) {
        const [, ours, theirs, threads, ratio] = row.match(/\)\s+(\d+)\s+(\d+) \((\d+) thr\)\s+(\d+\.\d\d)x$/)!;
        expect(Number(ours)).toBeGreaterThan(0);
        expect(Number(threads)).toBeGreaterThanOrEqual(1);
        expect(Number(ratio)).toBeCloseTo(Number(ours) / Number(theirs), 1);
      }
      expect(r.out).toMatch(/PyTorch peer: torch \S+ on \S+, threads 1/);
    } else {
      expect(r.out).toMatch(/PyTorch peer: skipped \(.*python3/);
    }
  });

  it('names the valid models and backends when given unknown ones', async () => {
    const r = await run(['bench', '--models', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no model named "nope" (models: seq2seq-attention, transformer-seq2seq, name-classifier, name-generator, char-lm, transformer-lm)');
  });
});
