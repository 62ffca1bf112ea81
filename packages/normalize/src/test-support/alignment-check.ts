// Test support: checks that a NormalizedString's alignments are exact for a per-segment transform.
import type { NormalizedString } from '../normalized-string.js';

/**
 * For an order-keeping transform `f` (removing nothing unless `allowGaps`): groups the
 * output into runs of units sharing one span, and checks that the spans tile the original text in
 * order and that `f(original slice) === group text` for each. Returns a message, or '' when exact.
 */
export function alignmentProblem(
  ns: NormalizedString,
  f: (s: string) => string,
  options: { allowGaps?: boolean } = {},
): string {
  const n = ns.length;
  let expectStart = 0;
  for (let i = 0; i < n; ) {
    const [a, b] = ns.alignment(i);
    let j = i + 1;
    while (j < n) {
      const [c, d] = ns.alignment(j);
      if (c !== a || d !== b) break;
      j++;
    }
    if (a !== expectStart) {
      const gap = ns.original.slice(expectStart, a);
      if (!options.allowGaps || a < expectStart) {
        return `unit ${i}: span [${a}, ${b}) does not start where the previous ended (${expectStart})`;
      }
      if (f(gap) !== '') return `removed text ${JSON.stringify(gap)} does not normalise to nothing`;
    }
    const src = ns.original.slice(a, b);
    const got = ns.normalized.slice(i, j);
    if (f(src) !== got) return `units [${i}, ${j}) ${JSON.stringify(got)} come from ${JSON.stringify(src)} which normalises to ${JSON.stringify(f(src))}`;
    expectStart = b;
    i = j;
  }
  if (expectStart !== ns.original.length) {
    const gap = ns.original.slice(expectStart);
    if (!options.allowGaps) return `spans end at ${expectStart}, original has ${ns.original.length} units`;
    if (f(gap) !== '') return `removed text ${JSON.stringify(gap)} at the end does not normalise to nothing`;
  }
  return '';
}

/**
 * For NFD / NFKD, where reordered marks keep their own source spans (so spans may be out of
 * order): the distinct spans must tile the original, and the characters aligned to each span must
 * be exactly (as a multiset) the decomposition of that span's original text. '' when exact.
 */
export function decompositionProblem(ns: NormalizedString, f: (s: string) => string): string {
  const groups = new Map<string, { a: number; b: number; chars: string[] }>();
  let i = 0;
  for (const ch of ns.normalized) {
    const [a, b] = ns.alignment(i);
    const key = `${a},${b}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { a, b, chars: [] }));
    g.chars.push(ch);
    i += ch.length;
  }
  const sorted = [...groups.values()].sort((x, y) => x.a - y.a);
  let expect = 0;
  for (const g of sorted) {
    if (g.a !== expect) return `span [${g.a}, ${g.b}) does not start where the previous ended (${expect})`;
    const want = [...f(ns.original.slice(g.a, g.b))].sort().join('');
    const got = [...g.chars].sort().join('');
    if (want !== got) return `span [${g.a}, ${g.b}) has ${JSON.stringify(got)}, its source decomposes to ${JSON.stringify(want)}`;
    expect = g.b;
  }
  if (expect !== ns.original.length) return `spans end at ${expect}, original has ${ns.original.length} units`;
  return '';
}
