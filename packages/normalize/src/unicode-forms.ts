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
 * ASCII code points are starters that never compose with what precedes them, so a boundary before
 * one is always safe: text is first cut into blocks at ASCII characters and a block that is
 * already normalised is copied with its alignments in one go.
 * Inside a multi-code-point segment, if each code point normalises on its own to the same result
 * (no reordering or composition happened), each keeps its own span. If NFD / NFKD reordered
 * marks, each output character still keeps the span of the code point it came from (so spans may
 * be out of order there, as in Hugging Face tokenizers). If NFC / NFKC composed characters, the
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

/** Top-level chunk size for the "already normalised?" check; chunks end just before ASCII. */
const CHUNK = 4096;
/** Below this size a changed chunk is processed block by block instead of split further. */
const LEAF = 512;

/** Where the text copied unchanged so far starts (flushed only right before a change). */
interface Run {
  start: number;
}

/** Normalises `ns` to `form`, keeping exact alignments to the original text. */
export function normalizeUnicode(ns: NormalizedString, form: UnicodeForm): NormalizedString {
  checkForm(form);
  const text = ns.normalized;
  const n = text.length;
  // Decompositions grow the text; reserving a quarter more avoids most regrowth copies.
  const out = new AlignmentBuilder(ns, form === 'NFD' || form === 'NFKD' ? n + (n >> 2) : n);
  const run: Run = { start: 0 };
  scan(text, 0, n, form, out, run, CHUNK);
  if (run.start === 0) return ns; // nothing changed: share the input's alignments
  out.keep(run.start, n);
  return out.finish();
}

/**
 * Splits `text[from, to)` (which starts at a safe boundary and ends before ASCII or at the end)
 * into chunks of about `size` units ending before an ASCII character; chunks that are already
 * normalised stay in the unchanged run, changed ones are split 8 times finer, down to LEAF.
 */
function scan(text: string, from: number, to: number, form: UnicodeForm, out: AlignmentBuilder, run: Run, size: number): void {
  for (let i = from; i < to; ) {
    let end = Math.min(to, i + size);
    while (end < to && text.charCodeAt(end) >= 0x80) end++;
    const chunk = text.slice(i, end);
    if (chunk.normalize(form) !== chunk) {
      if (size > LEAF && end - i > LEAF) scan(text, i, end, form, out, run, size >> 3);
      else normalizeChunk(text, i, end, form, out, run);
    }
    i = end;
  }
}

/** Normalises `text[from, to)` block by block (a block: non-ASCII text and the ASCII character before it). */
function normalizeChunk(text: string, from: number, to: number, form: UnicodeForm, out: AlignmentBuilder, run: Run): void {
  let i = from;
  while (i < to) {
    // Skip the ASCII run; its last character may compose with what follows, so it opens the block.
    let j = i;
    while (j < to && text.charCodeAt(j) < 0x80) j++;
    if (j === to) break;
    const blockStart = j > i ? j - 1 : j;
    // Non-ASCII block: up to the next ASCII character.
    let k = j;
    while (k < to && text.charCodeAt(k) >= 0x80) k++;
    const block = text.slice(blockStart, k);
    if (block.normalize(form) !== block) {
      out.keep(run.start, blockStart);
      normalizeBlock(text, blockStart, k, form, out);
      run.start = k;
    }
    i = k;
  }
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
    // Decomposition only reorders marks: each output character keeps its source's span.
  } else {
    out.push(whole, a, b);
  }
}

/**
 * For a decomposition form, `whole` is the per-code-point decompositions (`pieces`) with canonical
 * reordering applied, a stable sort of each mark run by combining class. Identical code points have
 * the same class, so each output code point is matched with the first unused identical one in the
 * pieces: that gives every output code point the span of the source code point it came from (as
 * Hugging Face tokenizers aligns it). Returns false if the texts do not correspond.
 */
function pushReordered(text: string, a: number, pieces: string[], whole: string, out: AlignmentBuilder): boolean {
  const src: { ch: string; from: number; to: number; used: boolean }[] = [];
  let p = a;
  for (const piece of pieces) {
    const pw = cpWidth(text, p);
    for (const ch of piece) src.push({ ch, from: p, to: p + pw, used: false });
    p += pw;
  }
  const spans: [number, number][] = [];
  for (const ch of whole) {
    const hit = src.find((e) => !e.used && e.ch === ch);
    if (hit === undefined) return false;
    hit.used = true;
    spans.push([hit.from, hit.to]);
  }
  let k = 0;
  for (const ch of whole) {
    const [from, to] = spans[k++]!;
    out.push(ch, from, to);
  }
  return true;
}

