"""The ``quotes`` stage: direct quotes and reported speech with their speakers (docs/quotes.md).

:func:`find_quotes` is a pure function of an analysed document: quoted stretches are paired
(marks.py) and attributed (direct.py), reported speech is read outside them (reported.py), and
speakers written as a pronoun, a verb with no subject or not at all are resolved to the speaker
before them, in text order.
"""

from __future__ import annotations

from dataclasses import dataclass

from cronaca.lang import Language
from cronaca.model import Document, Quote, TextSpan
from cronaca.pipeline.stage import Stage, register_stage
from cronaca.quotes.attribution import Candidate, sentence_subject
from cronaca.quotes.cues import cue_at
from cronaca.quotes.data import Lexicon, QuotesData
from cronaca.quotes.direct import find_direct
from cronaca.quotes.marks import find_quoted
from cronaca.quotes.reported import find_reported
from cronaca.quotes.speaker import ActorIndex, Speaker, describe
from cronaca.quotes.view import DocView


@register_stage("quotes")
class QuotesStage(Stage):
    name = "quotes"
    requires = frozenset({"text", "tokens", "sentences", "dateline", "entities", "actors", "times"})
    assigns = frozenset({"quotes"})

    def __init__(self, language: Language) -> None:
        self.lexicon = Lexicon(language.data("quotes", QuotesData))

    def __call__(self, doc: Document) -> Document:
        doc.quotes = find_quotes(doc, self.lexicon)
        return doc


@dataclass
class _Resolved:
    speaker: Speaker | None
    actor: str | None


def find_quotes(doc: Document, lexicon: Lexicon) -> list[Quote]:
    if not doc.tokens:
        return []
    view = DocView(doc, lexicon)
    direct = find_direct(view, find_quoted(doc.text, lexicon, view.paragraphs))
    used = set().union(*(c.cue_tokens for c in direct)) if direct else set()
    reported = find_reported(view, used)
    candidates = sorted(direct + reported, key=lambda c: (c.start, c.end))
    resolved = _resolve(view, candidates)
    return [_quote(doc, c, r) for c, r in zip(candidates, resolved, strict=True)]


def _resolve(view: DocView, candidates: list[Candidate]) -> list[_Resolved]:
    """Speakers in text order; anaphoric ones take the last speaker of their number."""
    actors = ActorIndex(view.doc)
    contents = [(c.start, c.end) for c in candidates]  # mentions inside them did not speak
    out: list[_Resolved | None] = [None] * len(candidates)
    history: list[tuple[int, _Resolved]] = []
    order = sorted(range(len(candidates)), key=lambda k: (candidates[k].attribution.position, k))
    history.extend((s.start, _Resolved(s, actors.actor(s.start, s.end))) for s in _subjects(view))
    for k in order:
        att = candidates[k].attribution
        if att.anaphor == "continuation":
            continue
        if att.anaphor is None and att.speaker is not None:
            res = _Resolved(att.speaker, actors.actor(att.speaker.start, att.speaker.end))
        elif att.anaphor in {"subjectless", "pronoun"}:
            res = _antecedent(view, actors, history, att.position, att.plural, contents)
        else:
            res = _Resolved(None, None)
        out[k] = res
        if res.speaker is not None:
            history.append((att.position, res))
            history.sort(key=lambda h: h[0])
    for k in range(len(candidates)):
        if out[k] is None:
            out[k] = _continued(view, candidates, out, k)
    return [r if r is not None else _Resolved(None, None) for r in out]


def _antecedent(
    view: DocView,
    actors: ActorIndex,
    history: list[tuple[int, _Resolved]],
    position: int,
    plural: bool | None,
    contents: list[tuple[int, int]],
) -> _Resolved:
    before = [r for p, r in history if p <= position and r.speaker is not None]
    for res in reversed(before):
        assert res.speaker is not None
        if plural is None or res.speaker.plural == plural:
            return res
    para = view.paragraph(position)[0]
    earlier = [p for p in view.paragraphs if p[1] < para]
    floor = earlier[-1][0] if earlier else para
    mention = actors.before(position, floor, plural, contents)
    if mention is not None:
        start, end, actor_id = mention
        return _Resolved(Speaker(start, end, "named", bool(plural)), actor_id)
    return before[-1] if before else _Resolved(None, None)


def _subjects(view: DocView) -> list[Speaker]:
    """The phrases that open sentences as their subjects ("Il sindaco Francesco Passerini ha
    disposto …"): a later verb with no subject may continue them."""
    found = []
    for a, b in view.sentences:
        if any(t in view.quoted for t in range(a, b)):
            continue
        phrase = sentence_subject(view, a, b)
        if phrase is None or phrase[1] >= b:
            continue
        nxt = view.low[phrase[1]]
        if nxt in view.lex.auxiliaries or nxt in view.lex.clitics or cue_at(view, phrase[1]) is not None:
            speaker = describe(view, phrase)
            if speaker.kind != "pronoun":
                found.append(speaker)
    return found


def _continued(view: DocView, cands: list[Candidate], out: list[_Resolved | None], k: int) -> _Resolved:
    """A quote with no attribution goes on from the quote before it (in its paragraph or the one
    before), or takes the speaker of the next quote of its paragraph."""
    here = view.paragraph(cands[k].start)
    floor = here[0]
    earlier = [p for p in view.paragraphs if p[1] < here[0]]
    if earlier:
        floor = earlier[-1][0]
    for j in range(k - 1, -1, -1):
        if cands[j].end < floor:
            break
        res = out[j]
        if res is not None and res.speaker is not None:
            return res
    for j in range(k + 1, len(cands)):
        if cands[j].start > here[1]:
            break
        res = out[j]
        if res is not None and res.speaker is not None and cands[j].attribution.anaphor != "continuation":
            return res
    return _Resolved(None, None)


def _quote(doc: Document, cand: Candidate, res: _Resolved) -> Quote:
    text = doc.text
    att = cand.attribution
    speaker_span = None
    kind = None
    if res.speaker is not None:
        s = res.speaker
        speaker_span = TextSpan(start=s.start, end=s.end, text=text[s.start : s.end])
        kind = res.speaker.kind
    if att.anaphor in {"subjectless", "pronoun"}:
        kind = att.anaphor
    cue_span = None
    if att.cue is not None:
        cue_span = TextSpan(start=att.cue[0], end=att.cue[1], text=text[att.cue[0] : att.cue[1]])
    return Quote(
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        direct=cand.direct,
        speaker=res.actor,
        speaker_text=speaker_span.text if speaker_span else None,
        cue=cue_span.text if cue_span else None,
        speaker_span=speaker_span,
        speaker_kind=kind,
        cue_span=cue_span,
        flags=sorted(set(cand.flags)),
    )
