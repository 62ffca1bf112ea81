"""PyTorch twins of seqlab's seq2seq task models, and seqlab bundle I/O for PyTorch.

seqlab's state dicts use PyTorch's names and shapes, and bundles store them as safetensors, so a
seqlab bundle's `model.safetensors` loads with `load_state_dict(strict=True)` into the modules
below, and a state dict trained here (on many GPUs with torchrun / DDP) goes back into the bundle
for seqlab to serve in Node or the browser. See docs/scale-out.md.

Only torch is needed (Debian's python3-torch works): safetensors files are read and written with
a few lines of struct + json, since Debian packages no python3-safetensors (the `safetensors`
module, where installed, reads and writes the same files).
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn

BUNDLE_FORMAT = "seqlab-bundle"
BUNDLE_FORMAT_VERSION = 1


class PositionalEncoding(nn.Module):
    """The PyTorch tutorial's sinusoidal table (seqlab's SinusoidalPositionalEncoding), batch-first.
    A non-persistent buffer: not part of the state dict, as in seqlab."""

    def __init__(self, d_model, max_len, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term[: d_model // 2])
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, x):  # x [N, T, d]
        return self.dropout(x + self.pe[: x.shape[1]])


class TransformerSeq2Seq(nn.Module):
    """@seqlab/models' TransformerSeq2Seq (`architecture.type` "transformer-seq2seq"): embeddings
    scaled by sqrt(d) plus sinusoidal positions, nn.Transformer (batch-first), a linear generator.
    `c` is the bundle's `architecture` object (seqlab's config names)."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        d = c["dModel"]
        self.src_embed = nn.Embedding(c["srcVocab"], d, padding_idx=c["padId"])
        self.tgt_embed = nn.Embedding(c["tgtVocab"], d, padding_idx=c["padId"])
        self.pos = PositionalEncoding(d, c["maxLen"], c["dropout"])
        self.transformer = nn.Transformer(
            d_model=d,
            nhead=c["nhead"],
            num_encoder_layers=c["numEncoderLayers"],
            num_decoder_layers=c["numDecoderLayers"],
            dim_feedforward=c["dimFeedforward"],
            dropout=c["dropout"],
            batch_first=True,
            norm_first=c["normFirst"],
        )
        self.generator = nn.Linear(d, c["tgtVocab"])

    def encode(self, src):
        src_pad = src == self.c["padId"]
        x = self.pos(self.src_embed(src) * math.sqrt(self.c["dModel"]))
        return self.transformer.encoder(x, src_key_padding_mask=src_pad), src_pad

    def forward(self, src, tgt_in):
        """Teacher-forced logits [N, T, tgtVocab], as seqlab's `forward(src, tgtIn)`."""
        memory, src_pad = self.encode(src)
        y = self.pos(self.tgt_embed(tgt_in) * math.sqrt(self.c["dModel"]))
        causal = nn.Transformer.generate_square_subsequent_mask(tgt_in.shape[1])
        out = self.transformer.decoder(y, memory, tgt_mask=causal, memory_key_padding_mask=src_pad)
        return self.generator(out)


class Seq2SeqAttention(nn.Module):
    """@seqlab/models' Seq2SeqAttention ("seq2seq-attention": RNN encoder-decoder with Bahdanau or
    Luong attention). The module itself is the reference implementation its PyTorch fixtures are
    made with (tooling/fixtures/models_seq2seq_fixtures.py); this wrapper gives it seqlab's
    `forward(src, tgt_in)` signature (lengths from the padding, teacher forcing)."""

    def __init__(self, c):
        super().__init__()
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
        from models_seq2seq_fixtures import Seq2SeqAttention as Reference

        self.c = c
        self.model = Reference(c)

    # The reference module's parameter names are the state dict's: no `model.` prefix.
    def state_dict(self, *args, **kwargs):
        return self.model.state_dict(*args, **kwargs)

    def load_state_dict(self, state, strict=True):
        return self.model.load_state_dict(state, strict=strict)

    def forward(self, src, tgt_in):
        lengths = (src != self.c["padId"]).sum(1).tolist()
        logits, _ = self.model(src, tgt_in, lengths, forced=True)
        return logits


ARCHITECTURES = {"transformer-seq2seq": TransformerSeq2Seq, "seq2seq-attention": Seq2SeqAttention}

_DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8, "I8": torch.int8}


def read_safetensors(path):
    """{name: tensor} of a safetensors file: u64 LE header length, JSON header, raw LE data."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    data = raw[8 + n :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[start:end]), dtype=_DTYPES[info["dtype"]]) if end > start else torch.zeros(0, dtype=_DTYPES[info["dtype"]])
        out[name] = t.reshape(info["shape"]).clone()
    return out


def write_safetensors(path, tensors, metadata=None):
    """Writes tensors as safetensors, laid out as `safetensors.torch.save_file` does."""
    names = {v: k for k, v in _DTYPES.items()}
    items = sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    header, blobs, offset = ({"__metadata__": metadata} if metadata else {}), [], 0
    for name, t in items:
        t = t.detach().contiguous().cpu()
        raw = t.numpy().tobytes()  # x86 / ARM are little-endian, as the format requires
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_bundle(folder):
    """(config, model) from a seqlab bundle folder; the weights load strictly (every name and shape)."""
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    if config.get("format") != BUNDLE_FORMAT:
        raise ValueError("%s/config.json: format must be %r, got %r" % (folder, BUNDLE_FORMAT, config.get("format")))
    arch = config["architecture"]
    if arch["type"] not in ARCHITECTURES:
        raise ValueError("%s/config.json: architecture.type %r has no PyTorch twin here (known: %s)" % (folder, arch["type"], ", ".join(ARCHITECTURES)))
    model = ARCHITECTURES[arch["type"]](arch)
    model.load_state_dict(read_safetensors(os.path.join(folder, "model.safetensors")), strict=True)
    return config, model.eval()


def save_bundle(folder, model, task, tokenizers=None, training=None):
    """Writes config.json + model.safetensors (the state dict, F32) into `folder`. `tokenizers` is
    the `tokenizers` object of the bundle the run started from ({role: {file, vocabSize}}): copy
    those tokenizer files into `folder` as well, so seqlab loads the bundle with its tokenizers."""
    os.makedirs(folder, exist_ok=True)
    config = {
        "format": BUNDLE_FORMAT,
        "formatVersion": BUNDLE_FORMAT_VERSION,
        "task": task,
        "architecture": {"type": next(k for k, v in ARCHITECTURES.items() if isinstance(model, v)), **model.c},
        "tokenizers": tokenizers or {},
    }
    if training:
        config["training"] = training
    write_safetensors(os.path.join(folder, "model.safetensors"), dict(model.state_dict()), {"format": "pt", "task": task})
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    return config
