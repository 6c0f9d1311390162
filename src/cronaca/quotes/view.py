"""A read-only view of an analysed document for the quote extractors: tokens in lower case,
sentence and paragraph bounds, and which tokens belong to a name (an entity or an actor
mention), a time expression or a direct quote."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from cronaca.model import Document
from cronaca.quotes.data import Lexicon, Phrases

APOSTROPHES = str.maketrans({"’": "'", "`": "'"})
SENTENCE_END = frozenset(".!?")
DASHES = frozenset("–—-")


@dataclass
class DocView:
    doc: Document
    lex: Lexicon
    low: list[str] = field(init=False)
    lemma: list[str] = field(init=False)
    starts: list[int] = field(init=False)
    sent_of: list[int] = field(init=False)
    name_end: dict[int, int] = field(init=False)
    name_start: dict[int, int] = field(init=False)
    timed: set[int] = field(init=False)
    quoted: set[int] = field(default_factory=set)
    paragraphs: list[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        doc = self.doc
        self.text = doc.text
        self.tokens = doc.tokens
        self.n = len(doc.tokens)
        self.low = [t.text.lower().translate(APOSTROPHES) for t in doc.tokens]
        self.lemma = [self.lex.speech_lemma(t.text, t.lemma) for t in doc.tokens]
        self.starts = [t.start for t in doc.tokens]
        self.sent_of = [0] * self.n
        self.sentences = [(s.token_start, s.token_end) for s in doc.sentences] or [(0, self.n)]
        for k, (a, b) in enumerate(self.sentences):
            for i in range(a, b):
                self.sent_of[i] = k
        # Names: the longest entity or actor mention a token is in, as one unit.
        spans = [(e.start, e.end) for e in doc.entities]
        spans += [(s, e) for a in doc.actors for s, e in a.mentions]
        self.name_end, self.name_start = {}, {}
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            a, b = self.token_at(start), self.token_at(end)
            if a >= b or a in self.name_start:
                continue
            for i in range(a, b):
                if i not in self.name_start or self.name_end[self.name_start[i]] < b:
                    self.name_start[i] = a
            self.name_end[a] = max(b, self.name_end.get(a, b))
        self.timed = set()
        for t in doc.times:
            self.timed.update(range(self.token_at(t.start), self.token_at(t.end)))
        self.paragraphs = []
        pos = 0
        for line in self.text.split("\n"):
            if line.strip():
                lead = len(line) - len(line.lstrip())
                self.paragraphs.append((pos + lead, pos + len(line.rstrip())))
            pos += len(line) + 1

    # -- positions -----------------------------------------------------------------------------

    def token_at(self, offset: int) -> int:
        """The first token that ends after ``offset`` (``n`` at the end of the text)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.tokens[i].end > offset:
            return i
        return i + 1

    def paragraph(self, offset: int) -> tuple[int, int]:
        for start, end in self.paragraphs:
            if start <= offset <= end:
                return start, end
        return offset, offset

    def sentence(self, i: int) -> tuple[int, int]:
        """Token range of the sentence of token ``i``."""
        return self.sentences[self.sent_of[min(i, self.n - 1)]] if self.n else (0, 0)

    # -- words ---------------------------------------------------------------------------------

    def is_word(self, i: int) -> bool:
        """A word; a hyphen inside a compound ("Secretary-General") counts as one too."""
        if not 0 <= i < self.n:
            return False
        if any(c.isalnum() for c in self.low[i]):
            return True
        tok = self.tokens[i]
        return (
            self.low[i] == "-"
            and 0 < i < self.n - 1
            and self.tokens[i - 1].end == tok.start
            and self.tokens[i + 1].start == tok.end
        )

    def is_cap(self, i: int) -> bool:
        return 0 <= i < self.n and self.tokens[i].text[:1].isupper()

    def is_sentence_initial(self, i: int) -> bool:
        """The first word of a sentence or paragraph (after any opening punctuation)."""
        j = i - 1
        while j >= 0 and not self.is_word(j) and self.low[j] not in SENTENCE_END:
            if self.low[j] in {":", "…"} or (self.low[j] in self.lex.marks and not self._opening_mark(j)):
                break
            j -= 1
        if j < 0 or self.low[j] in SENTENCE_END or self.low[j] in {":", "…"}:
            return True
        return "\n" in self.text[self.tokens[j].end : self.tokens[i].start]

    def _opening_mark(self, j: int) -> bool:
        after = self.text[self.tokens[j].end : self.tokens[j].end + 1]
        return after.isalnum()

    def pronoun_at(self, i: int) -> int:
        """The length of a subject pronoun ("lui", "lui stesso") starting at token ``i``."""
        for n in (2, 1):
            if i >= 0 and i + n <= self.n and " ".join(self.low[i : i + n]) in self.lex.pronouns:
                return n
        return 0

    def is_name(self, i: int) -> bool:
        return i in self.name_start

    def name_unit(self, i: int) -> tuple[int, int]:
        """The name that token ``i`` is in, as a token range; the token alone when in none."""
        if i in self.name_start:
            a = self.name_start[i]
            return a, self.name_end[a]
        return i, i + 1

    def match(self, i: int, seqs: Phrases) -> int:
        """The length of the longest word sequence of ``seqs`` that starts at token ``i``."""
        if not 0 <= i < self.n:
            return 0
        for seq in seqs.by_first.get(self.low[i], ()):
            if self.matches(i, seq):
                return len(seq)
        return 0

    def matches(self, i: int, seq: tuple[str, ...]) -> bool:
        """The words of ``seq`` stand at token ``i``."""
        return i >= 0 and i + len(seq) <= self.n and all(self.low[i + k] == w for k, w in enumerate(seq))

    def match_ending(self, end: int, seqs: Phrases) -> int:
        """The length of the longest word sequence of ``seqs`` that ends before token ``end``."""
        for seq in seqs:
            start = end - len(seq)
            if self.matches(start, seq):
                return len(seq)
        return 0

    def skippable(self, i: int) -> int:
        """How many tokens from ``i`` are an adverb or a time expression (0 if none)."""
        if i >= self.n:
            return 0
        if i in self.timed:
            j = i
            while j in self.timed:
                j += 1
            return j - i
        return self.match(i, self.lex.adverbs)

    def span_text(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens ``a``..``b`` (exclusive)."""
        return self.tokens[a].start, self.tokens[b - 1].end
