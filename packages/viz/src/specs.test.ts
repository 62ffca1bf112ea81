import { describe, expect, it } from 'vitest';
import { attentionSpec, confusionSpec, lossCurveSpec } from './index.js';

// The specs are plain JSON: read their inline data back.
function values(spec: object): Record<string, unknown>[] {
  return (spec as { data: { values: Record<string, unknown>[] } }).data.values;
}

describe('lossCurveSpec', () => {
  const train = [
    { step: 0, loss: 2.5 },
    { step: 10, loss: 1.5 },
  ];
  it('puts train and validation points in one data set, one colour per split', () => {
    const spec = lossCurveSpec({ train, validation: [{ step: 10, loss: 1.8 }] });
    expect(values(spec)).toEqual([
      { step: 0, loss: 2.5, split: 'train' },
      { step: 10, loss: 1.5, split: 'train' },
      { step: 10, loss: 1.8, split: 'validation' },
    ]);
    const enc = (spec as { encoding: Record<string, { field: string; scale?: { domain?: string[] } }> }).encoding;
    expect(enc.x!.field).toBe('step');
    expect(enc.y!.field).toBe('loss');
    expect(enc.color!.scale!.domain).toEqual(['train', 'validation']);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec); // JSON-serialisable
  });

  it('names the bad point: NaN loss, missing step, empty train, non-positive loss on a log scale', () => {
    expect(() => lossCurveSpec({ train: [{ step: 0, loss: Number.NaN }] })).toThrow('lossCurveSpec: train[0].loss must be a finite number, got NaN');
    expect(() => lossCurveSpec({ train, validation: [{ loss: 1 } as never] })).toThrow('validation[0].step must be a finite number, got undefined');
    expect(() => lossCurveSpec({ train: [] })).toThrow('lossCurveSpec: train must not be empty');
    expect(() => lossCurveSpec({ train: [{ step: 0, loss: 0 }], logScale: true })).toThrow('logScale needs positive losses, got 0 (train step 0)');
    expect(() => lossCurveSpec({ train, width: -1 })).toThrow('width must be positive, got -1');
  });
});

describe('attentionSpec', () => {
  it('has one cell per (output, source) position, duplicated tokens kept apart', () => {
    const spec = attentionSpec({ source: ['the', 'cat', 'the'], output: ['le', 'chat'], weights: [[0.5, 0.2, 0.3], [0.1, 0.8, 0.1]] });
    const v = values(spec);
    expect(v.length).toBe(6);
    expect(v[2]).toEqual({ i: 0, j: 2, output: 'le', source: 'the', weight: 0.3 });
    expect(v[4]).toEqual({ i: 1, j: 1, output: 'chat', source: 'cat', weight: 0.8 });
    const enc = (spec as { encoding: { x: { scale: { domain: number[] }; axis: { orient: string; labelExpr: string } } } }).encoding;
    expect(enc.x.scale.domain).toEqual([0, 1, 2]); // three columns although 'the' repeats
    expect(enc.x.axis.orient).toBe('top'); // like matshow
    expect(enc.x.axis.labelExpr).toBe('["the","cat","the"][datum.value]');
  });

  it('sizes the chart by the token counts', () => {
    const spec = attentionSpec({ source: ['a', 'b', 'c'], output: ['x'], weights: [[1, 0, 0]], cellSize: 10 }) as { width: number; height: number };
    expect([spec.width, spec.height]).toEqual([30, 10]);
  });

  it('rejects a weight matrix of the wrong shape or with non-finite values, naming where', () => {
    expect(() => attentionSpec({ source: ['a', 'b'], output: ['x'], weights: [[1, 0, 0]] })).toThrow('attentionSpec: weights[0] must have 2 columns, got 3');
    expect(() => attentionSpec({ source: ['a'], output: ['x', 'y'], weights: [[1]] })).toThrow('attentionSpec: weights must have 2 rows, got 1');
    expect(() => attentionSpec({ source: ['a'], output: ['x'], weights: [[Number.POSITIVE_INFINITY]] })).toThrow('weights[0][0] must be a finite number, got Infinity');
    expect(() => attentionSpec({ source: ['a', 3 as never], output: ['x'], weights: [[1, 0]] })).toThrow('attentionSpec: source[1] must be a string, got 3');
    expect(() => attentionSpec({ source: [], output: ['x'], weights: [[]] })).toThrow('attentionSpec: source must not be empty');
  });
});

describe('confusionSpec', () => {
  const labels = ['English', 'French', 'German'];
  const matrix = [
    [3, 1, 0],
    [0, 0, 0],
    [1, 1, 2],
  ];

  it('divides each row by its sum like the tutorial; an empty row stays zero, not NaN', () => {
    const v = values(confusionSpec({ labels, matrix }));
    const frac = (i: number, j: number) => v.find((c) => c.i === i && c.j === j)!.fraction;
    expect([frac(0, 0), frac(0, 1), frac(0, 2)]).toEqual([0.75, 0.25, 0]);
    expect([frac(1, 0), frac(1, 1), frac(1, 2)]).toEqual([0, 0, 0]);
    expect([frac(2, 0), frac(2, 1), frac(2, 2)]).toEqual([0.25, 0.25, 0.5]);
    expect(v.find((c) => c.i === 2 && c.j === 2)).toMatchObject({ actual: 'German', predicted: 'German', count: 2 });
  });

  it('colours by fraction in [0, 1], or by count with normalize: false', () => {
    type Enc = { encoding: { color: { field: string; scale: { domain: number[] } }; x: { sort: string[] } } };
    const a = confusionSpec({ labels, matrix }) as Enc;
    expect([a.encoding.color.field, a.encoding.color.scale.domain]).toEqual(['fraction', [0, 1]]);
    expect(a.encoding.x.sort).toEqual(labels); // class order, not alphabetical by accident
    const b = confusionSpec({ labels, matrix, normalize: false }) as Enc;
    expect([b.encoding.color.field, b.encoding.color.scale.domain]).toEqual(['count', [0, 3]]);
  });

  it('rejects non-square, negative, duplicate-label input', () => {
    expect(() => confusionSpec({ labels, matrix: [[1, 2, 3]] })).toThrow('confusionSpec: matrix must have 3 rows, got 1');
    expect(() => confusionSpec({ labels: ['a', 'b'], matrix: [[1, -1], [0, 1]] })).toThrow('matrix[0][1] must be a non-negative count, got -1');
    expect(() => confusionSpec({ labels: ['a', 'a'], matrix: [[1, 0], [0, 1]] })).toThrow('labels must be distinct, "a" is at 0 and 1');
  });
});
