// @seqlab/data host batching vs PyTorch CPU in the same run:
//  - batchify (word_language_model layout) of a 2M-token stream, bsz 32;
//  - padBatch of 64 sequences of length 5..60 vs torch.nn.utils.rnn.pad_sequence (+ lengths, mask);
//  - bucketBatches over 100k lengths (no peer: reported alone).
// Run: npx -y pnpm@10.34.9 bench data
import { batchify, bucketBatches, padBatch } from '@seqlab/data';
import { Generator } from '@seqlab/core';
import { runTorch, table, timeIt } from '@seqlab/bench';

const N = 2_000_000;
const tokens = new Int32Array(N);
const rng = new Generator(0);
for (let i = 0; i < N; i++) tokens[i] = rng.int(33000);
const seqs = Array.from({ length: 64 }, () => Array.from({ length: 5 + rng.int(56) }, () => rng.int(33000)));
const lengths = Array.from({ length: 100_000 }, () => 1 + rng.int(80));

const torch = runTorch(`
import json, time, torch
from torch.nn.utils.rnn import pad_sequence
torch.manual_seed(0)
torch.set_num_threads(1)
data = torch.randint(0, 33000, (${N},))
def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    return data.view(bsz, -1).t().contiguous()
lens = torch.randint(5, 61, (64,)).tolist()
seqs = [torch.randint(0, 33000, (l,)) for l in lens]
def pad():
    ids = pad_sequence(seqs, batch_first=True, padding_value=0)
    lengths = torch.tensor([len(s) for s in seqs])
    mask = torch.arange(ids.size(1))[None, :] < lengths[:, None]
    return ids, lengths, mask
def t(fn, min_s=1.0):
    for _ in range(3): fn()
    n, t0 = 0, time.perf_counter()
    while n < 5 or time.perf_counter() - t0 < min_s:
        fn(); n += 1
    return (time.perf_counter() - t0) / n * 1000
print(json.dumps({"batchify": t(lambda: batchify(data, 32)), "pad": t(pad)}))
`);

const ms = {
  batchify: await timeIt(() => batchify(tokens, 32), { minMs: 1000 }),
  pad: await timeIt(() => padBatch(seqs, { padId: 0 }), { minMs: 1000 }),
  bucket: await timeIt(() => bucketBatches(lengths, { batchSize: 64, seed: 1 }), { minMs: 1000 }),
};
const ratio = (a, b) => (b ? `${(b / a).toFixed(2)}x` : 'n/a');
table([
  { op: 'batchify 2M tokens, bsz 32', 'seqlab ms': ms.batchify.toFixed(2), 'torch ms': torch?.batchify.toFixed(2) ?? 'n/a', 'seqlab speed / torch': ratio(ms.batchify, torch?.batchify), 'seqlab Mtok/s': (N / ms.batchify / 1000).toFixed(0) },
  { op: 'pad 64 seqs (5..60) + lengths + mask', 'seqlab ms': ms.pad.toFixed(3), 'torch ms': torch?.pad.toFixed(3) ?? 'n/a', 'seqlab speed / torch': ratio(ms.pad, torch?.pad), 'seqlab Mtok/s': '' },
  { op: 'bucketBatches 100k lengths, batch 64', 'seqlab ms': ms.bucket.toFixed(2), 'torch ms': 'n/a', 'seqlab speed / torch': 'no peer', 'seqlab Mtok/s': '' },
]);
