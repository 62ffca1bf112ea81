import { CASE_FOLDING_VERSION, FULL, SIMPLE_RUNS } from './case-folding-data.js';

export { CASE_FOLDING_VERSION };

let table: Map<number, string> | undefined;

/** Code point -> folded string for every status C and F entry of CaseFolding.txt (built once). */
function foldTable(): Map<number, string> {
  if (table) return table;
  const t = new Map<number, string>();
  for (const run of SIMPLE_RUNS.split(';')) {
    const [start, count, step, delta] = run.split(',').map((v) => parseInt(v, 36)) as [number, number, number, number];
    for (let k = 0; k < count; k++) {
      const cp = start + k * step;
      t.set(cp, String.fromCodePoint(cp + delta));
    }
  }
  for (const entry of FULL.split(';')) {
    const [cp, to] = entry.split(':') as [string, string];
    t.set(parseInt(cp, 36), String.fromCodePoint(...to.split(',').map((v) => parseInt(v, 36))));
  }
  table = t;
  return t;
}

/**
 * Full case folding (CaseFolding.txt status C + F) of one code point given as a string; a code
 * point without a mapping folds to itself.
 */
export function foldCodePoint(ch: string): string {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return ch;
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch;
  return foldTable().get(cp) ?? ch;
}

let foldable: RegExp | undefined;

/**
 * A global regex matching exactly the code points that have a C or F folding (built from the
 * table, not \p{Changes_When_Casefolded}: that property is defined on the NFD form and so leaves
 * out e.g. U+01F0, whose folding is its own decomposition).
 */
export function foldableRegex(): RegExp {
  if (foldable) return foldable;
  const cps = [...foldTable().keys()].sort((x, y) => x - y);
  let cls = '';
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j]! + 1) j++;
    cls += j > i ? `\\u{${cps[i]!.toString(16)}}-\\u{${cps[j]!.toString(16)}}` : `\\u{${cps[i]!.toString(16)}}`;
    i = j + 1;
  }
  foldable = new RegExp(`[${cls}]`, 'gu');
  return foldable;
}

/** Full case folding of a whole string (context-free, per code point). */
export function caseFoldText(text: string): string {
  return text.replace(foldableRegex(), foldCodePoint);
}
