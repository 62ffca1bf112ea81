"""PyTorch CPU reference for rnn.bench.mjs: forward+backward time of nn.LSTM / nn.GRU.
Prints one JSON object {"threads": {n: {"lstm": {T: ms}, ...}}}. Args: B H T1,T2,.. threads1,threads2,.. reps"""
import json
import sys
import time

import torch

B, H = int(sys.argv[1]), int(sys.argv[2])
Ts = [int(t) for t in sys.argv[3].split(",")]
threads = [int(n) for n in sys.argv[4].split(",")]
reps = int(sys.argv[5])
out = {}
for n in threads:
    torch.set_num_threads(n)
    res = {}
    for kind, cls in (("lstm", torch.nn.LSTM), ("gru", torch.nn.GRU)):
        m = cls(H, H)
        res[kind] = {}
        for T in Ts:
            x = torch.randn(T, B, H, requires_grad=True)
            times = []
            for r in range(reps + 1):
                t0 = time.perf_counter()
                y, _ = m(x)
                y.sum().backward()
                times.append((time.perf_counter() - t0) * 1000)
            res[kind][T] = min(times[1:])  # best: other processes only add time
    out[n] = res
print(json.dumps({"torch": torch.__version__, "threads": out}))
