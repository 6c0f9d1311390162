"""Quotation marks paired into quoted stretches, paragraph by paragraph.

Each mark is classed by its shape and by what stands beside it: "«" and "“" open, "»" and "”"
close, a straight mark opens before a word and closes after one ("provocazioni ".", with the
space a machine translation left, closes too). Marks of one family pair with each other, so
"“ … "" is a quote. A quote still open at the end of a paragraph continues when the next
paragraph opens with a mark (the convention for quotes over several paragraphs); otherwise it
is closed there and flagged ``unbalanced``. Nothing here raises on odd input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cronaca.quotes.data import Lexicon

CLOSE_NEXT = frozenset(".,;:!?)]…»”’\"'›")
OPEN_PREV = frozenset("([{–—-/")


@dataclass
class Quoted:
    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when closed by a paragraph end
    start: int  # the content, without the marks and the spaces inside them
    end: int
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Mark:
    pos: int
    char: str
    family: str
    can_open: bool
    can_close: bool


def find_quoted(text: str, lex: Lexicon, paragraphs: list[tuple[int, int]]) -> list[Quoted]:
    found: list[Quoted] = []
    carried: _Mark | None = None
    last_end = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = [m for pos in range(p_start, p_end) if (m := _classify(text, pos, lex, p_start, p_end))]
        if carried is not None:
            if marks and marks[0].can_open and marks[0].family == carried.family and marks[0].pos == p_start:
                marks = marks[1:]  # the continuation mark of a quote over several paragraphs
            else:
                found.append(_make(text, carried, None, last_end, ["unbalanced"]))
                carried = None
        stack: list[_Mark] = [carried] if carried is not None else []
        carried = None
        for mark in marks:
            below = _closes(stack, mark)
            if below is not None:
                top = stack[below]
                nested = any(m.family == "double" for m in stack[:below])
                del stack[below:]
                if not nested:
                    flags = [] if _same_pair(top.char, mark.char, lex) else ["mismatched"]
                    if top.pos < p_start:
                        flags.append("multi_paragraph")
                    found.append(_make(text, top, mark.pos, mark.pos, flags))
            elif mark.can_open:
                stack.append(mark)
        # A straight single mark left open was an apostrophe ("'ndrangheta"); a double one is a
        # quote that the paragraph's end closes, unless the next paragraph carries it on.
        doubles = [m for m in stack if m.family == "double"]
        if doubles:
            first = doubles[0]
            nxt = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            if nxt is not None and lex.opening.get(text[nxt]) == first.family:
                carried = first
            else:
                flags = ["unbalanced"] + (["multi_paragraph"] if first.pos < p_start else [])
                found.append(_make(text, first, None, p_end, flags))
        last_end = p_end
    if carried is not None:
        found.append(_make(text, carried, None, paragraphs[-1][1], ["unbalanced"]))
    return [q for q in found if q.end > q.start]


def _closes(stack: list[_Mark], mark: _Mark) -> int | None:
    """The index of the open mark that ``mark`` closes, if it closes one."""
    if not mark.can_close:
        return None
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].family == mark.family:
            return k
    return None


def _same_pair(open_char: str, close_char: str, lex: Lexicon) -> bool:
    return any(p.open == open_char and p.close == close_char for p in lex.data.marks)


def _make(text: str, opening: _Mark, close: int | None, end: int, flags: list[str]) -> Quoted:
    # The content keeps the punctuation inside the marks (docs/quotes-guidelines.md).
    start = opening.pos + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quoted(opening.pos, close, start, end, flags)


def _classify(text: str, pos: int, lex: Lexicon, p_start: int, p_end: int) -> _Mark | None:
    char = text[pos]
    if char not in lex.marks:
        return None
    prev = text[pos - 1] if pos > p_start else " "
    nxt = text[pos + 1] if pos + 1 < p_end else " "
    if prev.isalnum() and nxt.isalnum():
        return None  # an apostrophe: "dell'Iran", "l’uomo"
    left = not nxt.isspace() and (prev.isspace() or prev in OPEN_PREV or prev in lex.marks)
    right = not prev.isspace() and (nxt.isspace() or nxt in CLOSE_NEXT)
    stray_close = prev.isspace() and (nxt in CLOSE_NEXT or nxt.isspace()) and not nxt.isalnum()
    is_open, is_close = char in lex.opening, char in lex.closing
    family = lex.opening.get(char) or lex.closing[char]
    if is_open and is_close:
        if family == "single" and (nxt.isdigit() or not (left or right)):
            return None  # "anni '90", a lone apostrophe
        can_open = left and (nxt.isalnum() or nxt in lex.marks or nxt in "…([")
        can_close = right or stray_close
        if char not in {'"', "'"} and not can_close:
            can_open = True  # a curly opening mark opens wherever it stands
        if not can_open and not can_close:
            return None
        return _Mark(pos, char, family, can_open, can_close)
    if is_open:
        return _Mark(pos, char, family, True, False)
    if family == "single" and not (right or stray_close):
        return None
    return _Mark(pos, char, family, False, True)
