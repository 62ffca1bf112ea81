/**
 * Seed pieces of HF's Unigram trainer (`make_seed_sentence_pieces`): every character with its
 * count over the corpus, then the substrings HF's suffix array (esaxx) reports — the internal
 * nodes of the suffix tree of the distinct words joined by `\0`: substrings occurring at least
 * twice that are followed by at least two different characters — of 2..maxLen characters,
 * scored (occurrences among distinct words) x (length), best first (ties: larger string first,
 * as HF's `Reverse((score, chars))`), `seedSize` in all. Scores become log-probabilities.
 *
 * Enumerated directly per word (every substring up to `maxLen` characters) rather than with a
 * suffix array: the same set for the lengths that matter, at O(total length x maxLen).
 */
export function seedPieces(sentences: ReadonlyArray<readonly [string[], number]>, maxLen: number, seedSize: number): Array<[string, number]> {
  const chars = new Map<string, number>();
  // substring -> [occurrences, first following character, branching?]
  const subs = new Map<string, { occ: number; next: string; branching: boolean }>();
  for (const [cs, count] of sentences) {
    for (let i = 0; i < cs.length; i++) {
      chars.set(cs[i]!, (chars.get(cs[i]!) ?? 0) + count);
      let s = cs[i]!;
      for (let j = i + 1; j < cs.length && j - i < maxLen; j++) {
        s += cs[j]!;
        const next = j + 1 < cs.length ? cs[j + 1]! : '\0';
        const e = subs.get(s);
        if (e === undefined) subs.set(s, { occ: 1, next, branching: false });
        else {
          e.occ++;
          if (e.next !== next) e.branching = true;
        }
      }
    }
  }
  const seeds: Array<[string, number]> = [];
  const sortedChars = [...chars].sort((a, b) => b[1] - a[1] || cmpCodePoints(b[0], a[0]));
  for (const [c, n] of sortedChars) seeds.push([c, n]);
  const scored: Array<[string, number]> = [];
  for (const [s, e] of subs) if (e.occ >= 2 && e.branching) scored.push([s, e.occ * [...s].length]);
  scored.sort((a, b) => b[1] - a[1] || cmpCodePoints(b[0], a[0]));
  for (const e of scored) {
    if (seeds.length >= seedSize) break;
    seeds.push(e);
  }
  let sum = 0;
  for (const [, s] of seeds) sum += s;
  const logsum = Math.log(sum);
  return seeds.map(([p, s]) => [p, Math.log(s) - logsum]);
}

/** Compares strings by code points (Rust's `Vec<char>` / `char` order), not UTF-16 units. */
function cmpCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
