"""Trains a seqlab seq2seq bundle further with PyTorch DistributedDataParallel, and writes the
result back as a seqlab bundle (docs/scale-out.md).

  torchrun --standalone --nproc_per_node=8 tooling/interop/train_ddp.py \
      --bundle runs/de-en --data runs/de-en-ids.jsonl --out runs/de-en-big --steps 20000

--data holds one JSON object per line, `{"src": [ids], "tgt": [ids]}`, the target with its BOS and
EOS ids (tokenise with the bundle's own tokenizer files: @seqlab/tokenizers in Node, or HF
`tokenizers` in Python: both read tokenizer.json). Each process takes every world_size-th example;
gradients are averaged by DDP. NCCL on GPUs, gloo on CPUs (how the test runs it). Only rank 0
writes the bundle: config.json (same architecture, `training` summary added), model.safetensors,
and the tokenizer files copied from --bundle.
"""
import argparse
import json
import os
import shutil
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqlab_torch import load_bundle, save_bundle  # noqa: E402


def pad(rows, pad_id):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [pad_id] * (width - len(r)) for r in rows], dtype=torch.int64)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bundle", required=True, help="seqlab bundle folder to start from")
    p.add_argument("--data", required=True, help="JSONL of {src, tgt} token ids")
    p.add_argument("--out", required=True, help="bundle folder to write (rank 0)")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=32, help="per process")
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", help="write the per-step mean loss (all ranks) here as JSON (rank 0)")
    args = p.parse_args()

    cuda = torch.cuda.is_available()
    dist.init_process_group(backend="nccl" if cuda else "gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    local = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device("cuda", local) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed + rank)  # dropout differs per rank; weights come from the bundle

    config, model = load_bundle(args.bundle)
    pad_id = model.c["padId"]
    model.to(device).train()
    ddp = DDP(model, device_ids=[local] if cuda else None)
    with open(args.data, encoding="utf-8") as f:
        examples = [json.loads(line) for line in f if line.strip()]
    mine = examples[rank::world]
    if not mine:
        raise SystemExit("train_ddp.py: rank %d got no examples (%d examples for %d processes)" % (rank, len(examples), world))
    opt = torch.optim.Adam(ddp.parameters(), lr=args.lr)
    losses, start = [], time.time()
    for step in range(args.steps):
        batch = [mine[(step * args.batch_size + i) % len(mine)] for i in range(args.batch_size)]
        src = pad([e["src"] for e in batch], pad_id).to(device)
        tgt = pad([e["tgt"] for e in batch], pad_id).to(device)
        logits = ddp(src, tgt[:, :-1])  # teacher forcing: predict tgt[1:] from tgt[:-1]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt[:, 1:].reshape(-1), ignore_index=pad_id)
        opt.zero_grad()
        loss.backward()  # DDP all-reduces (averages) the gradients here
        opt.step()
        mean = loss.detach().clone()
        dist.all_reduce(mean)
        losses.append(mean.item() / world)

    if rank == 0:
        model.eval().cpu()
        training = dict(config.get("training") or {})
        training.update({"pytorchDDP": {"worldSize": world, "steps": args.steps, "batchSizePerProcess": args.batch_size, "lr": args.lr, "finalLoss": losses[-1], "seconds": round(time.time() - start, 1)}})
        save_bundle(args.out, model, config["task"], config["tokenizers"], training)
        for t in config["tokenizers"].values():
            shutil.copyfile(os.path.join(args.bundle, t["file"]), os.path.join(args.out, t["file"]))
        if args.log:
            with open(args.log, "w") as f:
                json.dump(losses, f)
        print("rank 0: %d steps on %d processes, loss %.4f -> %.4f, bundle in %s" % (args.steps, world, losses[0], losses[-1], args.out))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
