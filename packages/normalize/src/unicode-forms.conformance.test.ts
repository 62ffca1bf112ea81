// Acceptance: Unicode's own NormalizationTest.txt (Debian unicode-data), every line, all four
// forms, all conformance invariants, through plain normalize() AND the offset-keeping path.
import { beforeAll, describe, expect, test } from 'vitest';
import { NormalizedString } from './normalized-string.js';
import { nfc, nfd, nfkc, nfkd } from './normalizers/unicode.js';
import type { UnicodeNormalizer } from './normalizers/unicode.js';
import { alignmentProblem, decompositionProblem } from './test-support/alignment-check.js';
import { hexToString, readUnicodeFile } from './test-support/unicode-files.js';

interface Line {
  no: number;
  c: [string, string, string, string, string];
}

const lines: Line[] = [];
const part1 = new Set<number>();
let version = '';

beforeAll(() => {
  const text = readUnicodeFile('NormalizationTest.txt');
  version = /^# NormalizationTest-([\d.]+)\.txt/m.exec(text)?.[1] ?? '?';
  let part = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.split('#')[0]!.trim();
    if (line === '') return;
    if (line.startsWith('@')) {
      part = line;
      return;
    }
    const f = line.split(';');
    const c = f.slice(0, 5).map(hexToString) as Line['c'];
    lines.push({ no: i + 1, c });
    if (part === '@Part1') part1.add(c[0].codePointAt(0)!);
  });
});

// Each invariant as [expected column, form, input columns] (1-based columns as in the file).
const INVARIANTS: [number, 'NFC' | 'NFD' | 'NFKC' | 'NFKD', number[]][] = [
  [2, 'NFC', [1, 2, 3]],
  [4, 'NFC', [4, 5]],
  [3, 'NFD', [1, 2, 3]],
  [5, 'NFD', [4, 5]],
  [4, 'NFKC', [1, 2, 3, 4, 5]],
  [5, 'NFKD', [1, 2, 3, 4, 5]],
];
const NORMALIZERS: Record<string, UnicodeNormalizer> = { NFC: nfc(), NFD: nfd(), NFKC: nfkc(), NFKD: nfkd() };

describe('NormalizationTest.txt', () => {
  test('the file parses into all its parts', () => {
    expect(version).not.toBe('?');
    expect(lines.length).toBeGreaterThan(18000);
    expect(part1.size).toBeGreaterThan(5000);
  });

  for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) {
    test(`${form}: every line, every invariant, plain normalize()`, () => {
      const norm = NORMALIZERS[form]!;
      const failures: string[] = [];
      let checks = 0;
      for (const { no, c } of lines) {
        for (const [want, f, cols] of INVARIANTS) {
          if (f !== form) continue;
          for (const col of cols) {
            checks++;
            const got = norm.normalize(c[col - 1]!);
            if (got !== c[want - 1]) failures.push(`line ${no}: c${want} != ${form}(c${col})`);
          }
        }
      }
      expect(failures.slice(0, 10)).toEqual([]);
      expect(checks).toBeGreaterThan(lines.length * 2);
    });

    test(`${form}: every line, every invariant, offset path`, () => {
      const norm = NORMALIZERS[form]!;
      const failures: string[] = [];
      for (const { no, c } of lines) {
        for (const [want, fm, cols] of INVARIANTS) {
          if (fm !== form) continue;
          for (const col of cols) {
            const ns = norm.normalizeString(new NormalizedString(c[col - 1]!));
            if (ns.normalized !== c[want - 1]) failures.push(`line ${no}: c${want} != ${form}(c${col}) via normalizeString`);
          }
        }
      }
      expect(failures.slice(0, 10)).toEqual([]);
    });

    test(`${form}: all lines at once, offset path, alignments exact`, () => {
      // Each column of every line joined by LF (a boundary no normalisation crosses), so each
      // test string also sits in ASCII context; the alignments of the whole are checked exact.
      const norm = NORMALIZERS[form]!;
      const f = (s: string): string => s.normalize(form);
      for (const [want, fm, cols] of INVARIANTS) {
        if (fm !== form) continue;
        const expected = lines.map(({ c }) => c[want - 1]!);
        for (const col of cols) {
          const ns = norm.normalizeString(new NormalizedString(lines.map(({ c }) => c[col - 1]!).join('\n')));
          const got = ns.normalized.split('\n');
          const bad = got.findIndex((g, i) => g !== expected[i]);
          expect(bad === -1 ? '' : `line ${lines[bad]!.no}: c${want} != ${form}(c${col})`).toBe('');
          expect(got.length).toBe(lines.length);
          const problem = form === 'NFD' || form === 'NFKD' ? decompositionProblem(ns, f) : alignmentProblem(ns, f);
          expect(problem, `${form}(c${col})`).toBe('');
        }
      }
    });
  }

  test('Part 1: every code point not listed is unchanged by all four forms (both paths)', () => {
    // Characters the Unicode version of this file does not assign may have been given
    // decompositions since (the engine may implement a newer Unicode): the claim is checked for
    // code points this file's version assigns (UnicodeData.txt of the same package) and for those
    // still unassigned in the engine.
    const assigned = assignedCodePoints(readUnicodeFile('UnicodeData.txt'));
    const unassigned = /^\p{Cn}$/u;
    const chars: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (part1.has(cp) || (cp >= 0xd800 && cp <= 0xdfff)) continue;
      const ch = String.fromCodePoint(cp);
      if (!assigned.has(cp) && !unassigned.test(ch)) continue;
      chars.push(ch);
    }
    expect(chars.length).toBeGreaterThan(1_000_000);
    const bad: string[] = [];
    // All of them at once, NUL-separated: NUL is a starter that never composes, so normalisation
    // never crosses it and the joined text is unchanged exactly when every character is.
    const joined = chars.join('\0');
    for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) {
      if (joined.normalize(form) !== joined) {
        for (const ch of chars) if (ch.normalize(form) !== ch) bad.push(`U+${ch.codePointAt(0)!.toString(16)} ${form}`);
      }
      // The offset path on the same text.
      const ns = NORMALIZERS[form]!.normalizeString(new NormalizedString(joined));
      expect(ns.normalized === joined).toBe(true);
      // Unchanged text must keep the identity alignment, unit for unit.
      const identity = new NormalizedString(joined);
      expect(Buffer.compare(Buffer.from(ns._starts.buffer), Buffer.from(identity._starts.buffer))).toBe(0);
      expect(Buffer.compare(Buffer.from(ns._ends.buffer), Buffer.from(identity._ends.buffer))).toBe(0);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

/** Code points assigned in UnicodeData.txt, including the `<..., First>` / `<..., Last>` ranges. */
function assignedCodePoints(text: string): Set<number> {
  const set = new Set<number>();
  let first = -1;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [hex, name] = line.split(';') as [string, string];
    const cp = parseInt(hex, 16);
    if (name.endsWith(', First>')) first = cp;
    else if (name.endsWith(', Last>')) {
      for (let c = first; c <= cp; c++) set.add(c);
    } else set.add(cp);
  }
  return set;
}
