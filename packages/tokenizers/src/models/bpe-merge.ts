import type { PairTable } from './pair-table.js';
import type { SeededRng } from '../utils/rng.js';

/**
 * Applies BPE merges to a word given as symbol ids with unit spans, in place, with HF's
 * `Word::merge_all` semantics: repeatedly merge the adjacent pair of lowest rank, leftmost first;
 * with dropout each candidate merge is skipped with probability p (skipped ones come back after
 * the next merge). Returns the new symbol count; ids/starts/ends are compacted.
 *
 * Short words use a direct scan (no heap); long ones a binary heap, so a 10 MB "word" stays
 * O(n log n) rather than quadratic.
 */
export function mergeWord(
  ids: Int32Array,
  starts: Int32Array,
  ends: Int32Array,
  n: number,
  pairs: PairTable,
  mergeIds: Int32Array,
  dropout: number,
  rng: SeededRng | null,
): number {
  if (n < 2) return n;
  if (dropout <= 0 && n <= 24) return mergeScan(ids, starts, ends, n, pairs, mergeIds);
  return mergeHeap(ids, starts, ends, n, pairs, mergeIds, dropout, rng);
}

function mergeScan(ids: Int32Array, starts: Int32Array, ends: Int32Array, n: number, pairs: PairTable, mergeIds: Int32Array): number {
  const ranks = new Int32Array(n);
  for (let i = 0; i + 1 < n; i++) ranks[i] = pairs.get(ids[i]!, ids[i + 1]!);
  for (;;) {
    let best = -1;
    let bestRank = 0x7fffffff;
    for (let i = 0; i + 1 < n; i++) {
      const r = ranks[i]!;
      if (r >= 0 && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) return n;
    ids[best] = mergeIds[bestRank]!;
    ends[best] = ends[best + 1]!;
    for (let i = best + 1; i + 1 < n; i++) {
      ids[i] = ids[i + 1]!;
      starts[i] = starts[i + 1]!;
      ends[i] = ends[i + 1]!;
      ranks[i] = ranks[i + 1]!;
    }
    n--;
    if (best > 0) ranks[best - 1] = pairs.get(ids[best - 1]!, ids[best]!);
    ranks[best] = best + 1 < n ? pairs.get(ids[best]!, ids[best + 1]!) : -1;
  }
}

// Heap entries pack (rank, pos) into one double: rank * 2^26 + pos; min-heap order = HF's order.
const POS = 67108864;

function mergeHeap(
  ids: Int32Array,
  starts: Int32Array,
  ends: Int32Array,
  n: number,
  pairs: PairTable,
  mergeIds: Int32Array,
  dropout: number,
  rng: SeededRng | null,
): number {
  if (n >= POS) throw new RangeError(`BPE: word of ${n} symbols exceeds the supported ${POS - 1}`);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  const heap: number[] = [];
  const push = (v: number): void => {
    let i = heap.length;
    heap.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= v) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    const len = heap.length;
    if (len > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= len) break;
        const r = l + 1;
        const c = r < len && heap[r]! < heap[l]! ? r : l;
        if (heap[c]! >= last) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i + 1 < n; i++) {
    const r = pairs.get(ids[i]!, ids[i + 1]!);
    if (r >= 0) push(r * POS + i);
  }
  const skipped: number[] = [];
  while (heap.length > 0) {
    const top = pop();
    if (dropout > 0 && rng !== null && rng.next() < dropout) {
      skipped.push(top);
      continue;
    }
    for (const s of skipped) push(s);
    skipped.length = 0;
    const rank = Math.floor(top / POS);
    const pos = top - rank * POS;
    if (alive[pos] === 0) continue;
    const nx = next[pos]!;
    if (nx < 0) continue;
    if (pairs.get(ids[pos]!, ids[nx]!) !== rank) continue; // stale entry
    ids[pos] = mergeIds[rank]!;
    ends[pos] = ends[nx]!;
    alive[nx] = 0;
    const nn = next[nx]!;
    next[pos] = nn;
    if (nn >= 0) prev[nn] = pos;
    const pv = prev[pos]!;
    if (pv >= 0) {
      const r = pairs.get(ids[pv]!, ids[pos]!);
      if (r >= 0) push(r * POS + pv);
    }
    if (nn >= 0) {
      const r = pairs.get(ids[pos]!, ids[nn]!);
      if (r >= 0) push(r * POS + pos);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (alive[i] === 1) {
      ids[m] = ids[i]!;
      starts[m] = starts[i]!;
      ends[m] = ends[i]!;
      m++;
    }
  }
  return m;
}
