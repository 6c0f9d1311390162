"""Trim the XLM-R vocabulary of multilingual-e5-small to the pieces Italian and English need.

The full vocabulary has 250,002 pieces (96 M of the model's 118 M parameters are its embedding
rows). Cronaca keeps the pieces that occur when tokenizing the training corpora, the 200,000
most frequent Italian and English words (``wordfreq``, each as written, capitalised and upper
case), and every single-character piece of the alphabetic scripts, so that any text still
tokenizes (rare words fall back to shorter pieces). The trimmed ``tokenizer.json`` keeps the
same Unigram scores, so words made of kept pieces segment exactly as before.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


def _words_from_wordfreq(count: int) -> Iterable[str]:
    import wordfreq

    for lang in ("it", "en"):
        for word in wordfreq.top_n_list(lang, count):
            yield word
            yield word.capitalize()
            yield word.upper()


def used_pieces(tokenizer: Tokenizer, texts: Iterable[list[str]], wordfreq_words: int) -> set[int]:
    """Piece ids used by the pre-tokenized ``texts`` and the most frequent words."""
    used: set[int] = set()
    batch: list[list[str]] = []

    def flush() -> None:
        for enc in tokenizer.encode_batch(batch, is_pretokenized=True, add_special_tokens=False):
            used.update(enc.ids)
        batch.clear()

    for words in texts:
        batch.append(words)
        if len(batch) >= 2048:
            flush()
    words = list(_words_from_wordfreq(wordfreq_words))
    for start in range(0, len(words), 512):
        batch.append(words[start : start + 512])
        flush()
    flush()
    return used


def _keep_single_char(piece: str) -> bool:
    body = piece.removeprefix("▁")
    return len(body) == 1 and ord(body) < 0x2E80  # alphabetic scripts, punctuation, symbols


def trim(tokenizer_json: Path, used: set[int]) -> tuple[dict[str, Any], np.ndarray]:
    """A trimmed tokenizer definition and the old ids of its pieces, in new-id order."""
    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    vocab: list[list[Any]] = spec["model"]["vocab"]
    keep = [
        i
        for i, (piece, _score) in enumerate(vocab)
        if i in used or piece in SPECIALS or _keep_single_char(piece) or piece == "▁"
    ]
    old_ids = np.array(keep, dtype=np.int64)
    new_of_old = {old: new for new, old in enumerate(keep)}
    trimmed = copy.deepcopy(spec)
    trimmed["model"]["vocab"] = [vocab[i] for i in keep]
    trimmed["model"]["unk_id"] = new_of_old[spec["model"]["unk_id"]]
    # <mask> is not needed for token classification
    trimmed["added_tokens"] = [
        {**tok, "id": new_of_old[tok["id"]]} for tok in spec["added_tokens"] if tok["id"] in new_of_old
    ]
    post = trimmed.get("post_processor") or {}
    for special in post.get("special_tokens", {}).values():
        special["ids"] = [new_of_old[i] for i in special["ids"]]
    return trimmed, old_ids
