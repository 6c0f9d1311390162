"""Matching predicted spans to gold spans: strict (same offsets) and relaxed (overlap)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def match_relaxed(gold: Sequence[SpanLike], pred: Sequence[SpanLike]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of overlapping spans, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gi, pi))
    return sorted(matched)


def score(gold: Sequence[SpanLike], pred: Sequence[SpanLike]) -> tuple[PRF, PRF, list[tuple[int, int]]]:
    """Strict and relaxed counts, and the relaxed pairs."""
    gold_keys = {(g.start, g.end) for g in gold}
    pred_keys = {(p.start, p.end) for p in pred}
    strict_tp = len(gold_keys & pred_keys)
    strict = PRF(strict_tp, len(pred_keys) - strict_tp, len(gold_keys) - strict_tp)
    pairs = match_relaxed(gold, pred)
    relaxed = PRF(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    return strict, relaxed, pairs
