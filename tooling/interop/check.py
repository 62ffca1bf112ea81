"""The PyTorch half of tooling/interop/test/interop.test.ts.

  python3 check.py forward MANIFEST   for each case: load the seqlab bundle `case.bundle` into the
                                      PyTorch twin, write its logits for `case.src` / `case.tgtIn`
  python3 check.py make MANIFEST      for each case: build the PyTorch twin of `case.architecture`
                                      with random weights (seed `case.seed`), save it as a seqlab
                                      bundle in `case.bundle`, write its logits

MANIFEST is a JSON list of cases; logits go to `case.out` as {"shape": [...], "data": [...]}, and the
state dict's names to `case.keys`, so the test can compare both with seqlab's.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqlab_torch import ARCHITECTURES, load_bundle, save_bundle  # noqa: E402


def logits_of(model, case):
    src = torch.tensor(case["src"], dtype=torch.int64)
    tgt_in = torch.tensor(case["tgtIn"], dtype=torch.int64)
    with torch.no_grad():
        return model.eval()(src, tgt_in)


def write_out(case, model, logits):
    with open(case["out"], "w") as f:
        json.dump({"shape": list(logits.shape), "data": logits.reshape(-1).tolist(), "keys": list(model.state_dict().keys())}, f)


def main(mode, manifest):
    with open(manifest) as f:
        cases = json.load(f)
    for case in cases:
        if mode == "forward":
            _, model = load_bundle(case["bundle"])
        elif mode == "make":
            torch.manual_seed(case["seed"])
            model = ARCHITECTURES[case["architecture"]["type"]]({k: v for k, v in case["architecture"].items() if k != "type"})
            with torch.no_grad():  # PyTorch's own init, then every weight moved off its default scale
                for p in model.parameters():
                    p.add_(torch.randn_like(p) * 0.1)
                for name, p in model.state_dict().items():
                    if name.endswith("embed.weight") or name.endswith("embedding.weight"):
                        p[model.c["padId"]] = 0  # nn.Embedding's padding_idx row stays zero
            save_bundle(case["bundle"], model, case["task"])
        else:
            raise SystemExit("check.py: mode must be forward or make, got %r" % mode)
        write_out(case, model, logits_of(model, case))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python3 check.py forward|make MANIFEST")
    main(sys.argv[1], sys.argv[2])
