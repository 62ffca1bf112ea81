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
 * Output boundaries of the smallest groups that are exact for NFD / NFKD under Hugging Face's
 * positional alignment (a reordered mark takes the span of the source code point at its
 * position): spans must be in order and tile the original; consecutive units are grouped until
 * the original text their spans cover normalises to exactly them. Returns the boundaries (0 first,
 * length last), or a message when the spans are not in order or a group never closes.
 */
export function decompositionGroups(ns: NormalizedString, f: (s: string) => string): number[] | string {
  const n = ns.length;
  const bounds = [0];
  let expectStart = 0;
  let groupSrc = 0;
  for (let i = 0; i < n; ) {
    const [a, b] = ns.alignment(i);
    let j = i + 1;
    while (j < n && ns.alignment(j)[0] === a && ns.alignment(j)[1] === b) j++;
    if (a !== expectStart) return `unit ${i}: span [${a}, ${b}) does not start where the previous ended (${expectStart})`;
    expectStart = b;
    if (f(ns.original.slice(groupSrc, b)) === ns.normalized.slice(bounds[bounds.length - 1], j)) {
      bounds.push(j);
      groupSrc = b;
    }
    i = j;
  }
  if (expectStart !== ns.original.length) return `spans end at ${expectStart}, original has ${ns.original.length} units`;
  if (bounds[bounds.length - 1] !== n || groupSrc !== ns.original.length) {
    return `units from ${bounds[bounds.length - 1]} on never normalise exactly from the original they cover`;
  }
  if (n === 0) bounds.push(0);
  return bounds;
}

/** {@link decompositionGroups} as a check: '' when exact, else the problem. */
export function decompositionProblem(ns: NormalizedString, f: (s: string) => string): string {
  const g = decompositionGroups(ns, f);
  return typeof g === 'string' ? g : '';
}
