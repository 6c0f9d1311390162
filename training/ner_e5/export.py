"""Export the trained tagger to ONNX and quantize it to int8 (per channel) for ONNX Runtime."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer


class _Logits(torch.nn.Module):
    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids, attention_mask)  # type: ignore[no-any-return]


def export(model: Any, tokenizer: Tokenizer, work: Path, out: Path, tags: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    fp32 = work / "model.fp32.onnx"
    ids = torch.tensor([[0, 100, 200, 2], [0, 300, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    torch.onnx.export(
        _Logits(model),
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            "logits": {0: "batch", 1: "length"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(work / "tokenizer.json", out / "tokenizer.json")
    (out / "labels.json").write_text(json.dumps({"tags": tags}, indent=2) + "\n", encoding="utf-8")
