"""The PyTorch CPU peer of `seqlab bench`: the same task models, sizes and synthetic batches,
timed the same way (forward, cross-entropy, backward, AdamW; the mean of `steps` steps after one
warm-up), at each thread count asked for.

Reads one JSON object on stdin: {"steps": n, "threads": [1, 2], "cases": [{"name", "type",
"config", "batch", "length"}]} where `type` and `config` are a seqlab bundle's `architecture`
(the resolved config of the TypeScript model, so both sides build the same network). Prints one
JSON object: {"torch": version, "blas": name, "ms": {name: {threads: ms}}}.

The models are the PyTorch twins the parity fixtures and the interop test use (tooling/fixtures,
tooling/interop), so this runs inside the seqlab repository with Debian's /usr/bin/python3 and
python3-torch; `seqlab bench` skips it with the reason when either is missing.
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path[:0] = [os.path.join(REPO, "tooling", "fixtures"), os.path.join(REPO, "tooling", "interop")]

from models_rnn_fixtures import CharLM, NameClassifier, NameGenerator  # noqa: E402
from seqlab_torch import Seq2SeqAttention, TransformerSeq2Seq  # noqa: E402


class TransformerLanguageModel(nn.Module):
    """@seqlab/models' TransformerLanguageModel: token + learned position embeddings, pre-norm
    (or post-norm) causal encoder blocks with gelu, final LayerNorm, output tied to the embedding."""

    def __init__(self, c):
        super().__init__()
        d = c["dModel"]
        self.embed = nn.Embedding(c["vocabSize"], d)
        self.pos = nn.Embedding(c["maxLen"], d)
        layer = nn.TransformerEncoderLayer(d, c["nhead"], c["dimFeedforward"], c["dropout"], activation="gelu", batch_first=True, norm_first=c["normFirst"])
        self.layers = nn.TransformerEncoder(layer, c["numLayers"], enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d) if c["normFirst"] else nn.Identity()
        self.head = None if c["tieWeights"] else nn.Linear(d, c["vocabSize"], bias=False)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.embed(ids) + self.pos.weight[:T]
        mask = nn.Transformer.generate_square_subsequent_mask(T)
        h = self.norm(self.layers(x, mask=mask))
        return h @ self.embed.weight.T if self.head is None else self.head(h)


def build(case):
    """The model, and a function of the model giving a training batch's logits and targets."""
    t, c, B, L = case["type"], case["config"], case["batch"], case["length"]
    g = torch.Generator().manual_seed(0)

    def ids(rows, length, vocab):
        return torch.randint(4, vocab, (rows, length), generator=g)

    if t == "seq2seq-attention" or t == "transformer-seq2seq":
        model = (Seq2SeqAttention if t == "seq2seq-attention" else TransformerSeq2Seq)(c)
        src, tgt_in, tgt = ids(B, L, c["srcVocab"]), ids(B, L, c["tgtVocab"]), ids(B, L, c["tgtVocab"])
        return model, lambda m: (m(src, tgt_in), tgt)
    if t == "name-classifier":
        model = NameClassifier(c["vocabSize"], c["numClasses"], c["padId"], c["cell"], c["embeddingDim"], c["hiddenSize"], c["numLayers"], c["bidirectional"])
        x, lengths, y = ids(B, L, c["vocabSize"]), [L] * B, torch.arange(B) % c["numClasses"]
        return model, lambda m: (m(x, lengths), y)
    if t == "name-generator":
        model = NameGenerator(c["vocabSize"], c["numCategories"], c["padId"], c["cell"], c["embeddingDim"], c["hiddenSize"], c["numLayers"])
        cat, x, y = torch.arange(B) % c["numCategories"], ids(B, L, c["vocabSize"]), ids(B, L, c["vocabSize"])
        return model, lambda m: (m(cat, x), y)
    if t == "char-lm":
        model = CharLM(c["vocabSize"], c["cell"], c["embeddingDim"], c["hiddenSize"], c["numLayers"], c["tieWeights"])
        x, y = ids(B, L, c["vocabSize"]), ids(B, L, c["vocabSize"])
        return model, lambda m: (m(x)[0], y)
    if t == "transformer-lm":
        model = TransformerLanguageModel(c)
        x, y = ids(B, L, c["vocabSize"]), ids(B, L, c["vocabSize"])
        return model, lambda m: (m(x), y)
    raise ValueError(f"torch_peers: no PyTorch twin for architecture {t!r}")


def mean_step_ms(case, steps):
    model, batch = build(case)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step():
        logits, target = batch(model)
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    step()  # warm-up, as the TypeScript side
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - t0) * 1000 / steps


def blas_name():
    """Debian's torch calls whatever libblas.so.3 the alternatives system points at; the reference
    BLAS is ~20x slower than OpenBLAS (`apt-get install libopenblas0-pthread`), so say which."""
    path = os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu")
    for name in ("openblas", "mkl", "blis"):
        if name in path.lower():
            return name
    return "reference BLAS (slow: apt-get install libopenblas0-pthread)" if os.path.exists(path) else "unknown"


def main():
    spec = json.load(sys.stdin)
    ms = {}
    for threads in spec["threads"]:
        torch.set_num_threads(threads)
        for case in spec["cases"]:
            torch.manual_seed(0)
            ms.setdefault(case["name"], {})[str(threads)] = mean_step_ms(case, spec["steps"])
    json.dump({"torch": torch.__version__, "blas": blas_name(), "ms": ms}, sys.stdout)


if __name__ == "__main__":
    main()
