"""Near-duplicate articles: MinHash signatures over word 5-shingles, indexed with LSH
(``datasketch``). Two reports whose estimated Jaccard similarity is at least the threshold
are the same article copied or lightly edited; the later one is linked to the first."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"  # pinned: stored signatures must stay comparable across datasketch versions
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicates:
    """An in-memory LSH index of the stored articles' signatures."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.threshold = threshold
        # Kept to confirm LSH candidates: 512 bytes an article (a million articles: 0.5 GB).
        self._signatures: dict[str, MinHash] = {}

    def load(self, rows: Iterable[tuple[str, bytes | None]]) -> int:
        n = 0
        for article_id, data in rows:
            if data is not None and article_id not in self._signatures:
                mh = from_bytes(data)
                self.lsh.insert(article_id, mh)
                self._signatures[article_id] = mh
                n += 1
        return n

    def match(self, article_id: str, mh: MinHash) -> str | None:
        """The stored article this one nearly duplicates (the most similar), or None; then
        remembers this one."""
        best: tuple[float, str] | None = None
        for other in self.lsh.query(mh):
            if other == article_id:
                continue
            # the LSH gives candidates; confirm with the estimated Jaccard similarity
            score = mh.jaccard(self._signature(other))
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, other)
        if article_id not in self._signatures:
            self.lsh.insert(article_id, mh)
            self._signatures[article_id] = mh
        return best[1] if best else None

    def _signature(self, article_id: str) -> MinHash:
        return self._signatures[article_id]
