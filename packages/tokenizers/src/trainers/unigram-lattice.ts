/**
 * The lattice of HF's Unigram trainer (`models/unigram/lattice.rs` + `Unigram::populate_nodes`)
 * over one word, in character positions: node order, Viterbi tie-breaking and the
 * forward-backward arithmetic follow HF so that training reproduces HF's decisions.
 */

/** HF's `K_UNK_PENALTY`: an uncovered character costs the lowest piece score minus this. */
const K_UNK_PENALTY = 10;

/** A training-time piece table: `pieces[0]` is the unk piece (score NaN, as in HF). */
interface TrieNode {
  id: number; // -1 when no piece ends here
  next: Map<string, TrieNode> | null;
}

export class PieceTable {
  readonly ids = new Map<string, number>();
  /** Character trie of the pieces (HF walks its trie the same way: shortest match first). */
  readonly trie: TrieNode = { id: -1, next: null };
  readonly scores: Float64Array;
  readonly minScore: number;
  readonly maxLen: number;

  constructor(readonly pieces: ReadonlyArray<readonly [string, number]>) {
    this.scores = new Float64Array(pieces.length);
    let min = Infinity;
    let maxLen = 1;
    pieces.forEach(([p, s], i) => {
      if (!this.ids.has(p)) this.ids.set(p, i);
      this.scores[i] = s;
      if (s < min) min = s; // NaN never compares smaller, as in HF
      const cs = [...p];
      if (cs.length > maxLen) maxLen = cs.length;
      let node = this.trie;
      for (const c of cs) {
        node.next ??= new Map();
        let child = node.next.get(c);
        if (child === undefined) node.next.set(c, (child = { id: -1, next: null }));
        node = child;
      }
      if (node.id < 0) node.id = i;
    });
    this.minScore = min;
    this.maxLen = maxLen;
  }
}

/** Nodes of one word: begin / length in characters, piece id, score. */
export interface Lattice {
  /** Characters of the word. */
  chars: string[];
  begin: Int32Array;
  len: Int32Array;
  id: Int32Array;
  score: Float64Array;
  /** Node indices beginning / ending at each position, in insertion order. */
  beginAt: number[][];
  endAt: number[][];
  count: number;
}

/**
 * HF's `populate_nodes`: at each position, every piece that starts there (shortest first), plus an
 * unk node (id 0) when no single-character piece does. `skip` (a node to leave out, given as
 * `[begin, length]`) serves the trainer's "best segmentation without this piece".
 */
export function buildLattice(chars: string[], table: PieceTable, skip: [number, number] | null = null): Lattice {
  const n = chars.length;
  const begin: number[] = [];
  const len: number[] = [];
  const id: number[] = [];
  const score: number[] = [];
  const beginAt: number[][] = Array.from({ length: n + 1 }, () => []);
  const endAt: number[][] = Array.from({ length: n + 1 }, () => []);
  const add = (b: number, l: number, i: number, s: number): void => {
    const k = begin.length;
    begin.push(b);
    len.push(l);
    id.push(i);
    score.push(s);
    beginAt[b]!.push(k);
    endAt[b + l]!.push(k);
  };
  const unkScore = table.minScore - K_UNK_PENALTY;
  for (let b = 0; b < n; b++) {
    let single = false;
    let node: TrieNode | undefined = table.trie;
    for (let l = 1; b + l <= n; l++) {
      node = node.next?.get(chars[b + l - 1]!);
      if (node === undefined) break;
      const pid = node.id;
      if (pid < 0) continue;
      if (skip !== null && skip[0] === b && skip[1] === l) continue;
      add(b, l, pid, table.scores[pid]!);
      if (l === 1) single = true;
    }
    if (!single) add(b, 1, 0, unkScore);
  }
  return { chars, begin: Int32Array.from(begin), len: Int32Array.from(len), id: Int32Array.from(id), score: Float64Array.from(score), beginAt, endAt, count: begin.length };
}

/**
 * HF's Viterbi: for each node, the best predecessor ending where it begins (first of equal scores
 * wins). Returns the node indices of the best path, or null when the word cannot be covered.
 */
export function viterbi(l: Lattice): number[] | null {
  const n = l.chars.length;
  const back = new Float64Array(l.count);
  const prev = new Int32Array(l.count).fill(-2); // -1 = BOS
  for (let pos = 0; pos <= n; pos++) {
    const starts = pos < n ? l.beginAt[pos]! : [-3]; // -3 = EOS
    if (starts.length === 0) return null;
    let eosBest = -2;
    let eosScore = 0;
    for (const r of starts) {
      const rs = r === -3 ? 0 : l.score[r]!;
      let best = -2;
      let bestScore = 0;
      if (pos === 0) {
        best = -1;
        bestScore = rs;
      } else {
        for (const q of l.endAt[pos]!) {
          if (prev[q] === -2) continue; // unreachable
          const sc = back[q]! + rs;
          if (best === -2 || sc > bestScore) {
            best = q;
            bestScore = sc;
          }
        }
      }
      if (best === -2) return null;
      if (r === -3) {
        eosBest = best;
        eosScore = bestScore;
      } else {
        prev[r] = best;
        back[r] = bestScore;
      }
    }
    if (pos === n) {
      if (eosBest < 0) return n === 0 ? [] : null;
      void eosScore;
      const path: number[] = [];
      for (let k = eosBest; k >= 0; k = prev[k]!) path.push(k);
      return path.reverse();
    }
  }
  return null;
}

/** HF's `log_sum_exp` (with its 50-nat cut-off and "first term" mode). */
function logSumExp(x: number, y: number, init: boolean): number {
  if (init) return y;
  const [vmin, vmax] = x > y ? [y, x] : [x, y];
  return vmax > vmin + 50 ? vmax : vmax + Math.log(Math.exp(vmin - vmax) + 1);
}

/**
 * HF's `populate_marginal`: adds `freq` x each node's posterior to `expected[pieceId]` and returns
 * `freq x log Z`.
 */
export function addMarginals(l: Lattice, freq: number, expected: Float64Array): number {
  const n = l.chars.length;
  // alpha / beta per node; BOS and EOS are virtual nodes with score 0.
  const alpha = new Float64Array(l.count);
  const beta = new Float64Array(l.count);
  let alphaEos = 0;
  let betaBos = 0;
  for (let pos = 0; pos <= n; pos++) {
    const rights = pos < n ? l.beginAt[pos]! : [-3];
    for (const r of rights) {
      let a = 0;
      if (pos === 0) {
        a = logSumExp(0, 0 + 0, true); // BOS: score 0, alpha 0
      } else {
        const lefts = l.endAt[pos]!;
        for (let k = 0; k < lefts.length; k++) {
          const q = lefts[k]!;
          a = logSumExp(a, l.score[q]! + alpha[q]!, k === 0);
        }
      }
      if (r === -3) alphaEos = a;
      else alpha[r] = a;
    }
  }
  for (let pos = n; pos >= 0; pos--) {
    const lefts = pos > 0 ? l.endAt[pos]! : [-1];
    const rights = pos < n ? l.beginAt[pos]! : [-3];
    for (const q of lefts) {
      let b = 0;
      for (let k = 0; k < rights.length; k++) {
        const r = rights[k]!;
        const rScore = r === -3 ? 0 : l.score[r]!;
        const rBeta = r === -3 ? 0 : beta[r]!;
        b = logSumExp(b, rScore + rBeta, k === 0);
      }
      if (q === -1) betaBos = b;
      else beta[q] = b;
    }
  }
  void betaBos;
  const z = alphaEos;
  for (let k = 0; k < l.count; k++) {
    expected[l.id[k]!] = expected[l.id[k]!]! + freq * Math.exp(alpha[k]! + l.score[k]! + beta[k]! - z);
  }
  return freq * z;
}
