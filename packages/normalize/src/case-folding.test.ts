// Acceptance: every status C and F mapping of Unicode's CaseFolding.txt (Debian unicode-data).
import { beforeAll, describe, expect, test } from 'vitest';
import { CASE_FOLDING_VERSION, caseFoldText, foldCodePoint } from './case-folding.js';
import { NormalizedString } from './normalized-string.js';
import { caseFold } from './normalizers/case.js';
import { alignmentProblem } from './test-support/alignment-check.js';
import { hexToString, readUnicodeFile } from './test-support/unicode-files.js';

const mappings = new Map<number, string>();
let version = '';

beforeAll(() => {
  const text = readUnicodeFile('CaseFolding.txt');
  version = /^# CaseFolding-([\d.]+)\.txt/m.exec(text)?.[1] ?? '?';
  for (const line of text.split('\n')) {
    const body = line.split('#')[0]!.trim();
    if (!body) continue;
    const [code, status, mapping] = body.split(';').map((f) => f.trim()) as [string, string, string];
    if (status === 'C' || status === 'F') mappings.set(parseInt(code, 16), hexToString(mapping));
  }
});

describe('case folding against CaseFolding.txt', () => {
  test('the committed table comes from the installed file version', () => {
    expect(CASE_FOLDING_VERSION).toBe(version);
    expect(mappings.size).toBeGreaterThan(1500);
  });

  test('every C and F mapping, through foldCodePoint, normalize() and normalizeString()', () => {
    const bad: string[] = [];
    const n = caseFold();
    for (const [cp, want] of mappings) {
      const ch = String.fromCodePoint(cp);
      if (foldCodePoint(ch) !== want) bad.push(`U+${cp.toString(16)} foldCodePoint`);
      if (n.normalize(ch) !== want) bad.push(`U+${cp.toString(16)} normalize`);
      const ns = n.normalizeString(new NormalizedString(ch));
      if (ns.normalized !== want) bad.push(`U+${cp.toString(16)} normalizeString`);
      else if (ns.length > 0 && (ns.alignment(0)[0] !== 0 || ns.alignment(ns.length - 1)[1] !== ch.length)) {
        bad.push(`U+${cp.toString(16)} alignment`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  test('all the mappings in one string: folded per code point with per-code-point spans', () => {
    const chars = [...mappings.keys()].map((cp) => String.fromCodePoint(cp));
    const text = chars.join('');
    const want = chars.map((c) => mappings.get(c.codePointAt(0)!)!).join('');
    expect(caseFoldText(text)).toBe(want);
    const ns = caseFold().normalizeString(new NormalizedString(text));
    expect(ns.normalized).toBe(want);
    expect(alignmentProblem(ns, (s) => caseFoldText(s))).toBe('');
  });

  test('every other code point folds to itself', () => {
    const bad: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (mappings.has(cp) || (cp >= 0xd800 && cp <= 0xdfff)) continue;
      const ch = String.fromCodePoint(cp);
      if (foldCodePoint(ch) !== ch) bad.push(`U+${cp.toString(16)}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  test('differs from toLowerCase where folding must', () => {
    expect(caseFoldText('Straße ẞ')).toBe('strasse ss');
    expect(caseFoldText('ΣΑΣ ς')).toBe('σασ σ');
    expect(caseFoldText('ꭰ Ꭰ')).toBe('Ꭰ Ꭰ'); // Cherokee folds to capitals
    expect(caseFoldText('ﬃ ǅ \u212a')).toBe('ffi ǆ k');
    expect(caseFoldText('ASCII only')).toBe('ascii only');
    expect(caseFoldText('\u{10400}')).toBe('\u{10428}');
  });
});
