import { describe, expect, it } from 'vitest';
import { batchify, lmBatches } from './lm.js';
import { streamBatches, streamLines, streamLmBatches, streamPairs } from './stream.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('streaming', () => {
  it('decodes UTF-8 split inside a character and across CRLF', async () => {
    const bytes = new TextEncoder().encode('héllo\r\nwörld\nlast');
    const chunks = [bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7, 8), bytes.subarray(8)];
    expect(await collect(streamLines(chunks))).toEqual(['héllo', 'wörld', 'last']);
    expect(await collect(streamLines(['a\n', 'b\n']))).toEqual(['a', 'b']);
  });

  it('reports invalid UTF-8 with its line', async () => {
    const chunks = [new TextEncoder().encode('ok\nfine\n'), new Uint8Array([0x62, 0xff, 0x0a])];
    await expect(collect(streamLines(chunks, { file: 'big.txt' }))).rejects.toThrow(/big\.txt:3: invalid UTF-8/);
  });

  it('parses pairs lazily with the same filters', async () => {
    const pairs = await collect(streamPairs(['I am here.\tJe suis là.', 'Go.\tVa !'], { normalize: true, prefixes: ['i am '], prefixSide: 'source' }));
    expect(pairs).toEqual([['i am here .', 'je suis la .']]);
    await expect(collect(streamPairs(['ok\tok', 'broken'], { file: 'p.tsv' }))).rejects.toThrow(/p\.tsv:2: expected at least 2/);
  });

  it('batches lazily: pulls at most one bucket ahead of what it yields', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; ; i++) {
        pulled++;
        yield 'x'.repeat((i * 5) % 11 + 1);
      }
    }
    const it = streamBatches(source(), { batchSize: 4, bucketBatches: 3, lengthOf: (s) => s.length, seed: 7 })[Symbol.asyncIterator]();
    const first = (await it.next()).value as string[];
    expect(first).toHaveLength(4);
    expect(pulled).toBe(12);
    for (let i = 0; i < 2; i++) await it.next();
    expect(pulled).toBe(12);
    await it.next();
    expect(pulled).toBe(24);
    await it.return?.(undefined);
  });

  it('bucketed stream batches are sorted inside a bucket and deterministic', async () => {
    const items = Array.from({ length: 30 }, (_, i) => (i * 7) % 10);
    const run = () => collect(streamBatches(items, { batchSize: 5, bucketBatches: 2, lengthOf: (x) => x, seed: 3 }));
    const a = await run();
    expect(a).toEqual(await run());
    expect(a.flat().sort()).toEqual([...items].sort());
    for (const b of a) expect(b).toEqual([...b].sort((x, y) => x - y));
    const plain = await collect(streamBatches([1, 2, 3, 4, 5], { batchSize: 2, dropLast: true }));
    expect(plain).toEqual([[1, 2], [3, 4]]);
  });
});

describe('streamLmBatches', () => {
  const tokens = Array.from({ length: 103 }, (_, i) => i * 3 + 1);
  it('equals batchify + lmBatches when the corpus fits in one chunk', async () => {
    const got = await collect(streamLmBatches(tokens, { bsz: 5, bptt: 7 }));
    const want = [...lmBatches(batchify(tokens, 5), 7)];
    expect(got.map((b) => [b.i, [...b.data.data], [...b.target]])).toEqual(want.map((b) => [b.i, [...b.data.data], [...b.target]]));
  });
  it('chunks lazily, carrying the remainder, and drops only the final remainder', async () => {
    let pulled = 0;
    async function* source() {
      for (const t of tokens) {
        pulled++;
        yield t;
      }
    }
    const it = streamLmBatches(source(), { bsz: 4, bptt: 3, chunkTokens: 30 })[Symbol.asyncIterator]();
    const first = (await it.next()).value!;
    expect(pulled).toBe(30);
    expect(first.chunk).toBe(0);
    const all = [first];
    for (let r = await it.next(); !r.done; r = await it.next()) all.push(r.value);
    // 28 tokens per chunk are used and 2 carried over; the last chunk has 13 + 2 = 15: 3 are dropped.
    const seen = new Set(all.flatMap((b) => [...b.data.data, ...b.target]));
    expect(seen.size).toBe(100);
    expect([...new Set(all.map((b) => b.chunk))]).toEqual([0, 1, 2, 3]);
    await expect(collect(streamLmBatches(tokens, { bsz: 4, bptt: 3, chunkTokens: 7 }))).rejects.toThrow(/chunkTokens must be an integer >= 2·bsz \(8\), got 7/);
  });
});
