// Property tests of the offset-keeping Unicode forms on random tricky text.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NormalizedString } from './normalized-string.js';
import { alignmentProblem, decompositionGroups, decompositionProblem } from './test-support/alignment-check.js';
import { trickyText } from './test-support/arbitraries.js';

describe.each(['NFC', 'NFD', 'NFKC', 'NFKD'] as const)('%s with offsets', (form) => {
  const f = (s: string): string => s.normalize(form);
  const decomposes = form === 'NFD' || form === 'NFKD';
  const problem = (ns: NormalizedString): string => (decomposes ? decompositionProblem(ns, f) : alignmentProblem(ns, f));

  test('gives exactly String.prototype.normalize, with spans that tile the original', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const ns = new NormalizedString(text).normalizeUnicode(form);
        expect(ns.normalized).toBe(f(text));
        expect(problem(ns)).toBe('');
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  test('every normalised span maps back to an original span whose normalisation is that span (widened to whole segments)', () => {
    fc.assert(
      fc.property(trickyText, fc.nat(), fc.nat(), (text, x, y) => {
        const ns = new NormalizedString(text).normalizeUnicode(form);
        const n = ns.length;
        let s = n === 0 ? 0 : x % (n + 1);
        let e = n === 0 ? 0 : y % (n + 1);
        if (s > e) [s, e] = [e, s];
        const [os, oe] = ns.originalSpan(s, e);
        expect(0 <= os && os <= oe && oe <= text.length).toBe(true);
        if (s === e) return;
        if (decomposes) {
          // HF's positional alignment of reordered marks: widen [s, e) to the exact groups.
          const bounds = decompositionGroups(ns, f);
          if (typeof bounds === 'string') throw new Error(bounds);
          const s2 = bounds.filter((b) => b <= s).pop()!;
          const e2 = bounds.find((b) => b >= e)!;
          const [ws, we] = ns.originalSpan(s2, e2);
          expect(ws <= os && oe <= we).toBe(true);
          expect(f(text.slice(ws, we))).toBe(ns.normalized.slice(s2, e2));
          return;
        }
        // Widen [s, e) to whole groups of units sharing a span: those are the exact units.
        const same = (i: number, j: number): boolean =>
          ns.alignment(i)[0] === ns.alignment(j)[0] && ns.alignment(i)[1] === ns.alignment(j)[1];
        while (s > 0 && same(s - 1, s)) s--;
        while (e < n && same(e - 1, e)) e++;
        expect(f(text.slice(os, oe))).toBe(ns.normalized.slice(s, e));
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  test('composes with earlier alignments: normalising a slice keeps pointing into the first original', () => {
    fc.assert(
      fc.property(trickyText, trickyText, (a, b) => {
        // (NFC first, then the form: alignments compose through both steps.)
        const first = new NormalizedString(a + b).normalizeUnicode('NFC');
        const ns = first.normalizeUnicode(form);
        expect(ns.original).toBe(a + b);
        expect(ns.normalized).toBe(f(a + b));
        expect(problem(ns)).toBe('');
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
