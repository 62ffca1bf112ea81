// The PyTorch tutorial's unicodeToAscii / normalizeString against CPython's own output
// (fixtures/tutorial.json, written by tooling/fixtures/normalize_fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { NormalizedString } from './normalized-string.js';
import { unicodeToAscii } from './normalizers/accents.js';
import { tutorialNormalizeString } from './normalizers/tutorial.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/tutorial.json', import.meta.url), 'utf8')) as {
  cases: { tutorial: [string, string, string][] };
};
const cases = fixture.cases.tutorial;

describe('PyTorch tutorial normalisation matches CPython', () => {
  test('fixture is not empty', () => {
    expect(cases.length).toBeGreaterThan(300);
  });

  test('unicodeToAscii: both paths', () => {
    const n = unicodeToAscii();
    for (const [input, ascii] of cases) {
      expect(n.normalize(input), JSON.stringify(input)).toBe(ascii);
      expect(n.normalizeString(new NormalizedString(input)).normalized).toBe(ascii);
    }
  });

  test('normalizeString: both paths, and every output character maps into the original', () => {
    const n = tutorialNormalizeString();
    for (const [input, , normalized] of cases) {
      expect(n.normalize(input), JSON.stringify(input)).toBe(normalized);
      const ns = n.normalizeString(new NormalizedString(input));
      expect(ns.normalized).toBe(normalized);
      for (let i = 0; i < ns.length; i++) {
        const [a, b] = ns.alignment(i);
        expect(0 <= a && a <= b && b <= input.length).toBe(true);
        // Letters come from a source whose accent-stripped lowercase contains them.
        const ch = ns.normalized[i]!;
        if (/[a-z]/.test(ch)) expect(unicodeToAscii().normalize(input.slice(a, b).toLowerCase())).toContain(ch);
      }
    }
  });

  test('the tutorial example', () => {
    const ns = tutorialNormalizeString().normalizeString(new NormalizedString('  Je suis étudiant!'));
    expect(ns.normalized).toBe('je suis etudiant !');
    expect(ns.originalSpan(8, 16)).toEqual([10, 18]); // 'etudiant' <- 'étudiant'
    expect(ns.originalSpan(17, 18)).toEqual([18, 19]); // '!' <- '!'
  });
});
