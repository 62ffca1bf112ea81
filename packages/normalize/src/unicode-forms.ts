import { AlignmentBuilder } from './alignment-builder.js';
import { NormalizeError } from './errors.js';
import type { NormalizedString } from './normalized-string.js';
import { cpWidth } from './transforms.js';

/** The four Unicode normalisation forms (UAX #15). */
export type UnicodeForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

const FORMS: ReadonlySet<string> = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

/** @throws {@link NormalizeError} unless `form` is one of NFC, NFD, NFKC, NFKD. */
export function checkForm(form: unknown): asserts form is UnicodeForm {
  if (typeof form !== 'string' || !FORMS.has(form)) {
    throw new NormalizeError(`form must be one of NFC, NFD, NFKC, NFKD, got ${JSON.stringify(form)}`);
  }
}

/*
 * How offsets stay exact while the engine's own String.prototype.normalize (ICU) does the work.
 *
 * Normalisation is local: the text splits into segments that normalise independently, so
 * normalize(text) === segments.map(normalize).join(''), and every output unit of a segment can be
 * aligned to the segment's original span. A segment boundary may go before code point c when:
 *  - NFD / NFKD: the first code point of c's decomposition is a starter (ccc = 0); canonical
 *    reordering never moves a mark across a starter.
 *  - NFC / NFKC: the same, AND c's decomposition does not compose with the pending segment. After a
 *    starter that did not compose backwards, nothing later can reach past it (it blocks), so
 *    checking normalize(pending + c) === normalize(pending) + normalize(c) is exact. This uses the
 *    running engine's own data, so it stays right whatever Unicode version the engine implements.
 * Finding those boundaries cheaply: a code point is "inert" under a form when it normalises to
 * itself and it (its decomposition) starts with a starter that is never the second element of a
 * composition (decided once per code point, again with the engine's data, and cached). A cut just
 * before an inert code point is always safe, and the text between cuts passes through unchanged,
 * so the scan is one table lookup per code point (ASCII is inert under every form) and the engine
 * is called only on the short pieces around non-inert code points; pieces that come out unchanged
 * stay in the copied run.
 * Inside a multi-code-point segment, if each code point normalises on its own to the same result
 * (no reordering or composition happened), each keeps its own span. If NFD / NFKD reordered
 * marks, the output is aligned by position exactly as Hugging Face tokenizers does (see
 * pushReordered). If NFC / NFKC composed characters, the
 * whole segment output shares the segment's span (HF gives a composed character only its FIRST
 * source character's span and drops the rest; the whole span is what normalises to the output).
 */

const starterCache: [Map<number, boolean>, Map<number, boolean>] = [new Map(), new Map()];

/** Whether the first code point of `cp`'s canonical (or compatibility) decomposition has ccc 0. */
function decomposesToStarter(cp: number, compat: boolean): boolean {
  if (cp < 0x80) return true;
  const cache = starterCache[compat ? 1 : 0];
  let r = cache.get(cp);
  if (r === undefined) {
    const d = String.fromCodePoint(cp).normalize(compat ? 'NFKD' : 'NFD');
    const first = d.codePointAt(0) ?? cp;
    // Canonical ordering sorts a run of non-starters by ccc (U+0316 has 220 < U+0301's 230), but
    // a starter between them blocks the swap: so U+0301 stays first exactly when `first` has ccc 0.
    const probe = ('\u0301' + String.fromCodePoint(first) + '\u0316').normalize('NFD');
    r = probe.charCodeAt(0) === 0x301;
    cache.set(cp, r);
  }
  return r;
}

/** Longest segment (UTF-16 units) given per-code-point spans when possible. */
const MAX_REFINE = 64;

/**
 * Code points that can be the SECOND element of a canonical composition (they may compose with
 * what precedes them): every code point at index >= 1 of the NFD of some code point — a superset
 * of the composition pairs' second elements, found with the engine's own data once, on first use
 * (~125k single-character normalisations over the planes where decompositions live).
 */
let secondElements: Uint8Array | null = null;
function composesBackward(cp: number): boolean {
  if (secondElements === null) {
    const m = new Uint8Array(0x30000);
    const mark = (from: number, to: number): void => {
      for (let c = from; c <= to; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const d = String.fromCodePoint(c).normalize('NFD');
        let k = 0;
        for (const ch of d) if (k++ > 0) m[ch.codePointAt(0)!] = 1;
      }
    };
    mark(0xc0, 0xabff); // Latin .. Hangul jamo and Indic scripts
    m.fill(1, 0x1161, 0x1176); // Hangul V jamo compose with L (LV syllables are algorithmic)
    m.fill(1, 0x11a8, 0x11c3); // Hangul T jamo compose with LV
    mark(0xf900, 0xffff);
    mark(0x10000, 0x1ffff);
    mark(0x2f800, 0x2fa1f);
    secondElements = m;
  }
  return cp < 0x30000 && secondElements[cp] === 1;
}

const FORM_INDEX: Record<UnicodeForm, number> = { NFC: 0, NFD: 1, NFKC: 2, NFKD: 3 };
// Per form: 0 = not yet known, 1 = inert, 2 = not inert (BMP); astral code points in a Map.
const inertBmp: Uint8Array[] = [0, 1, 2, 3].map(() => new Uint8Array(0x10000));
const inertAstral: Map<number, boolean>[] = [0, 1, 2, 3].map(() => new Map());

/**
 * Whether `cp` is inert under `form`: it normalises to itself, it (its decomposition) starts
 * with a starter that composes with nothing before it. Text can then be cut just before it (no
 * reordering or composition crosses), and it passes through unchanged.
 */
function computeInert(cp: number, form: UnicodeForm): boolean {
  const ch = String.fromCodePoint(cp);
  if (ch.normalize(form) !== ch) return false;
  const compat = form === 'NFKC' || form === 'NFKD';
  if (!decomposesToStarter(cp, compat)) return false;
  if (form === 'NFD' || form === 'NFKD') return true;
  const first = ch.normalize(compat ? 'NFKD' : 'NFD').codePointAt(0)!;
  return !composesBackward(cp) && !composesBackward(first);
}

/** Normalises `ns` to `form`, keeping exact alignments to the original text. */
export function normalizeUnicode(ns: NormalizedString, form: UnicodeForm): NormalizedString {
  checkForm(form);
  const text = ns.normalized;
  const n = text.length;
  const f = FORM_INDEX[form];
  const bmp = inertBmp[f]!;
  const astral = inertAstral[f]!;
  let out: AlignmentBuilder | null = null;
  let run = 0; // start of the unchanged text not yet copied to `out`
  let boundary = 0; // start of the last inert character: a safe cut
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // ASCII is inert under every form; the common case stays in this tight loop.
    if (c < 0x80) {
      boundary = i++;
      continue;
    }
    let w = 1;
    let inert: boolean;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      w = 2;
      const cp = text.codePointAt(i)!;
      let k = astral.get(cp);
      if (k === undefined) astral.set(cp, (k = computeInert(cp, form)));
      inert = k;
    } else {
      let k = bmp[c]!;
      if (k === 0) bmp[c] = k = c >= 0xd800 && c <= 0xdfff ? 1 : computeInert(c, form) ? 1 : 2;
      inert = k === 1;
    }
    if (inert) {
      boundary = i;
      i += w;
      continue;
    }
    // Not inert: the piece from the last safe cut to the next inert character normalises on its own.
    let j = i + w;
    while (j < n && !inertAt(text, j, form, bmp, astral)) j += cpWidth(text, j);
    const piece = text.slice(boundary, j);
    if (piece.normalize(form) !== piece) {
      out ??= new AlignmentBuilder(ns, form === 'NFD' || form === 'NFKD' ? n + (n >> 2) : n);
      out.keep(run, boundary);
      normalizeBlock(text, boundary, j, form, out);
      run = j;
    }
    boundary = j;
    i = j;
  }
  if (out === null) return ns; // nothing changed: share the input's alignments
  out.keep(run, n);
  return out.finish();
}

function inertAt(text: string, j: number, form: UnicodeForm, bmp: Uint8Array, astral: Map<number, boolean>): boolean {
  const c = text.charCodeAt(j);
  if (c < 0x80) return true;
  if (c >= 0xd800 && c <= 0xdbff && j + 1 < text.length && (text.charCodeAt(j + 1) & 0xfc00) === 0xdc00) {
    const cp = text.codePointAt(j)!;
    let k = astral.get(cp);
    if (k === undefined) astral.set(cp, (k = computeInert(cp, form)));
    return k;
  }
  let k = bmp[c]!;
  if (k === 0) bmp[c] = k = c >= 0xd800 && c <= 0xdfff ? 1 : computeInert(c, form) ? 1 : 2;
  return k === 1;
}

/** Splits `text[a, b)` into independent segments and emits each with its alignment. */
function normalizeBlock(text: string, a: number, b: number, form: UnicodeForm, out: AlignmentBuilder): void {
  const compat = form === 'NFKC' || form === 'NFKD';
  const composes = form === 'NFC' || form === 'NFKC';
  let segStart = a;
  let segNorm: string | undefined; // normalize(text[segStart, p)) when known
  let p = a + cpWidth(text, a);
  while (p < b) {
    const w = cpWidth(text, p);
    const cp = text.codePointAt(p)!;
    let boundary = decomposesToStarter(cp, compat);
    let chNorm: string | undefined;
    if (boundary && composes) {
      const pending = text.slice(segStart, p);
      segNorm ??= pending.normalize(form);
      const ch = text.slice(p, p + w);
      chNorm = ch.normalize(form);
      boundary = (pending + ch).normalize(form) === segNorm + chNorm;
    }
    if (boundary) {
      emitSegment(text, segStart, p, form, segNorm, out);
      segStart = p;
      segNorm = chNorm;
    } else {
      segNorm = undefined;
    }
    p += w;
  }
  emitSegment(text, segStart, b, form, segNorm, out);
}

function emitSegment(
  text: string,
  a: number,
  b: number,
  form: UnicodeForm,
  norm: string | undefined,
  out: AlignmentBuilder,
): void {
  const seg = text.slice(a, b);
  const whole = norm ?? seg.normalize(form);
  const w = cpWidth(text, a);
  if (a + w >= b) {
    if (whole === seg) out.keep(a, b);
    else out.push(whole, a, b);
    return;
  }
  // Several code points: keep per-code-point spans when they normalise independently (only tried
  // for short segments: a pathological run of a million marks gets one span, in linear time).
  if (b - a > MAX_REFINE) {
    out.push(whole, a, b);
    return;
  }
  const pieces: string[] = [];
  for (let p = a; p < b; ) {
    const pw = cpWidth(text, p);
    pieces.push(text.slice(p, p + pw).normalize(form));
    p += pw;
  }
  if (pieces.join('') === whole) {
    let p = a;
    for (const piece of pieces) {
      const pw = cpWidth(text, p);
      if (piece.length === pw && piece === text.slice(p, p + pw)) out.keep(p, p + pw);
      else out.push(piece, p, p + pw);
      p += pw;
    }
  } else if ((form === 'NFD' || form === 'NFKD') && pushReordered(text, a, pieces, whole, out)) {
    // Decomposition only reordered marks: aligned by position, as HF does.
  } else {
    out.push(whole, a, b);
  }
}

/**
 * For a decomposition form, `whole` is the per-code-point decompositions (`pieces`) with canonical
 * reordering applied: a stable sort of each mark run by combining class. Aligned exactly as
 * Hugging Face tokenizers does (its `unicode-normalization-alignments` iterator tags the first
 * character of each code point's decomposition "replaces a source character" and the others
 * "inserted", the tags travel with the characters through the sort, and `NormalizedString::
 * transform` then consumes source code points IN ORDER): so after a reordering, a mark gets the
 * span of the source code point at its POSITION, not of the one it came from. Identical code
 * points have the same class, so matching each output code point with the first unused identical
 * one in the pieces recovers the sort. Returns false if the texts do not correspond.
 */
function pushReordered(text: string, a: number, pieces: string[], whole: string, out: AlignmentBuilder): boolean {
  const src: { ch: string; inserted: boolean; used: boolean }[] = [];
  const cps: number[] = []; // source code point starts
  let p = a;
  for (const piece of pieces) {
    cps.push(p);
    let first = true;
    for (const ch of piece) {
      src.push({ ch, inserted: !first, used: false });
      first = false;
    }
    p += cpWidth(text, p);
  }
  const sorted: { ch: string; inserted: boolean }[] = [];
  for (const ch of whole) {
    const hit = src.find((e) => !e.used && e.ch === ch);
    if (hit === undefined) return false;
    hit.used = true;
    sorted.push(hit);
  }
  // HF's transform: a replacing character takes the next source code point's span; an inserted
  // one the span of the last consumed code point (before the segment: the code point before it).
  let next = 0;
  for (const { ch, inserted } of sorted) {
    if (!inserted) {
      const from = cps[next++]!;
      out.push(ch, from, from + cpWidth(text, from));
    } else if (next > 0) {
      const from = cps[next - 1]!;
      out.push(ch, from, from + cpWidth(text, from));
    } else if (a > 0) {
      const from = a >= 2 && cpWidth(text, a - 2) === 2 ? a - 2 : a - 1;
      out.push(ch, from, a);
    } else {
      out.push(ch, 0, 0);
    }
  }
  return true;
}
