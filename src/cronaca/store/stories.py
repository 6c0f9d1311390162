"""Stories: articles about the same thing, clustered incrementally as they are ingested.

Why TF-IDF cosine over the title and the lead, not MinHash: MinHash over word shingles finds
*copies* of a text (that is what near-duplicate detection uses it for), but two outlets writing
their own report of the same story share few 5-word sequences. What they do share is the story's
vocabulary — its people, places and key nouns — and most of it in the title and the first
sentences. So each article is described by the words of its title (counted twice) and of its
first ``lead_words`` words, stop words dropped and each word cut to its first six letters (a
crude stemmer that keeps "attacco"/"attacchi" and "ministro"/"ministri" together in any
language), plus the cross-document keys of its actors. Words are weighted by their inverse
document frequency over the stored articles (``story_terms``), so that "governo" or "ieri"
weigh little and "Soleimani" much.

An article joins the most similar story whose dates are within ``window_days`` of its own
(cosine similarity of its vector with the story's summed term counts, at least
``threshold``), otherwise it starts a new story. A near-duplicate of a stored article joins
that article's story. Articles without a publication date are dated by the day they were
ingested.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cronaca.model import Document
from cronaca.store import sources
from cronaca.store.analysis_rows import actor_key
from cronaca.store.schema import Article, utcnow
from cronaca.store.schema_events import Story, StoryArticle, StoryTerm

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_TOTAL = "#articles"
"""The ``story_terms`` row that counts the articles (the N of the IDF)."""
STEM = 6


@dataclass(frozen=True)
class StoryOptions:
    window_days: int = 3
    threshold: float = 0.25
    lead_words: int = 60
    max_terms: int = 60
    """Terms kept in a story's profile (the most frequent)."""


def article_terms(doc: Document, lead_words: int = 60) -> Counter[str]:
    """The terms describing an article: title words twice, lead words once, actor keys."""
    stop = _stop_words(doc.lang)
    terms: Counter[str] = Counter()
    for word in _words(doc.title or "", stop):
        terms[word] += 2
    for word in _words(doc.text, stop, limit=lead_words):
        terms[word] += 1
    for actor in doc.actors:
        terms["@" + actor_key(actor)] += 1
    return terms


@dataclass
class Assigned:
    touched: set[int]
    new: int


def assign(session: Session, docs: Sequence[Document], options: StoryOptions | None = None) -> Assigned:
    """Put each of ``docs`` that is in no story yet in one; return the stories touched."""
    options = options or StoryOptions()
    placed = set(
        session.scalars(
            select(StoryArticle.article_id).where(StoryArticle.article_id.in_([d.id for d in docs]))
        )
    )
    todo = [d for d in docs if d.id not in placed]
    result = Assigned(set(), 0)
    if not todo:
        return result
    described = {d.id: article_terms(d, options.lead_words) for d in todo}
    df, total = _frequencies(session, described)
    originals, story_of = _originals(session, [d.id for d in todo])
    today = utcnow().date()
    window = dt.timedelta(days=options.window_days)
    candidates = _Candidates(df, total, options)
    loaded_days: set[dt.date] = set()
    links: list[tuple[str, Story, float]] = []
    for doc in todo:
        day = doc.published or today
        if day not in loaded_days:
            loaded_days.add(day)
            query = select(Story).where(Story.first_date <= day + window, Story.last_date >= day - window)
            found = [s for s in session.scalars(query) if id(s) not in candidates.stories]
            _load(session, df, (t for s in found for t in s.terms))
            for loaded in found:
                candidates.add(loaded)
        terms = described[doc.id]
        original = story_of.get(originals.get(doc.id, ""))
        story: Story | None = original
        similarity = 1.0
        if story is None:
            story, similarity = candidates.best(terms, day)
        if story is None:
            story = Story(
                title=doc.title or _first_words(doc.text),
                first_date=day,
                last_date=day,
                num_articles=0,
                num_sources=0,
                terms={},
            )
            session.add(story)
            similarity = 1.0
            result.new += 1
        elif day < story.first_date and doc.title:
            story.title = doc.title  # the title comes from the earliest article
        story.first_date, story.last_date = min(story.first_date, day), max(story.last_date, day)
        merged = Counter({k: int(v) for k, v in story.terms.items()}) + terms
        story.terms = dict(merged.most_common(options.max_terms))
        candidates.add(story)
        story_of[doc.id] = story  # for its near-duplicates later in the batch
        links.append((doc.id, story, similarity))
    session.flush()
    session.execute(
        insert(StoryArticle),
        [{"article_id": a, "story_id": s.id, "similarity": round(sim, 4)} for a, s, sim in links],
    )
    result.touched.update(s.id for _, s, _ in links)
    recount(session, result.touched)
    return result


def recount(session: Session, story_ids: Iterable[int]) -> None:
    """Recount the articles and sources of stories (after articles or copies were added)."""
    ids = sorted(set(story_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        members: dict[int, list[str]] = {}
        query = select(StoryArticle.story_id, StoryArticle.article_id).where(StoryArticle.story_id.in_(chunk))
        for story_id, article_id in session.execute(query):
            members.setdefault(story_id, []).append(article_id)
        pubs: dict[str, list[sources.Publication]] = {}
        for p in sources.publications(session, (a for m in members.values() for a in m)):
            pubs.setdefault(p.article_id, []).append(p)
        for story in session.scalars(select(Story).where(Story.id.in_(chunk))):
            mine = [p for a in members.get(story.id, []) for p in pubs.get(a, [])]
            story.num_articles, story.num_sources = sources.counts(mine)
            story.updated_at = utcnow()


def stories_of(session: Session, article_ids: Iterable[str]) -> set[int]:
    ids = list(article_ids)
    if not ids:
        return set()
    return set(session.scalars(select(StoryArticle.story_id).where(StoryArticle.article_id.in_(ids))))


# -- internals ------------------------------------------------------------------------------


def _originals(session: Session, article_ids: list[str]) -> tuple[dict[str, str], dict[str, Story]]:
    """The original of each near-duplicate among the articles, and the stories of the stored
    originals."""
    originals = {
        a: str(o)
        for a, o in session.execute(
            select(Article.id, Article.near_duplicate_of).where(
                Article.id.in_(article_ids), Article.near_duplicate_of.is_not(None)
            )
        )
    }
    if not originals:
        return {}, {}
    stories = {
        a: story
        for a, story in session.execute(
            select(StoryArticle.article_id, Story)
            .join(Story, Story.id == StoryArticle.story_id)
            .where(StoryArticle.article_id.in_(set(originals.values())))
        )
    }
    return originals, stories


class _Candidates:
    """The stories loaded for a batch, indexed by their terms, with their weighted profiles
    computed once (and again when a story changes): an article is compared only with the
    stories that share a distinctive term with it."""

    def __init__(self, df: dict[str, int], total: int, options: StoryOptions) -> None:
        self.df, self.total, self.options = df, total, options
        self.stories: dict[int, Story] = {}  # by object identity: new stories have no id yet
        self.by_term: dict[str, set[int]] = {}
        self.profiles: dict[int, tuple[dict[str, float], float]] = {}
        # terms in more than a tenth of the articles find no stories (they weigh little anyway)
        self.common = max(10, total // 10)

    def add(self, story: Story) -> None:
        key = id(story)
        self.stories[key] = story
        self.profiles.pop(key, None)
        for term in story.terms:
            self.by_term.setdefault(term, set()).add(key)

    def best(self, terms: Counter[str], day: dt.date) -> tuple[Story | None, float]:
        window = dt.timedelta(days=self.options.window_days)
        vector = _weights(terms, self.df, self.total)
        norm = math.sqrt(sum(w * w for w in vector.values()))
        if not norm:
            return None, 0.0
        keys: set[int] = set()
        for term in vector:
            if self.df.get(term, 0) <= self.common:
                keys |= self.by_term.get(term, set())
        best: tuple[float, Story] | None = None
        for key in keys:
            story = self.stories[key]
            if not story.first_date - window <= day <= story.last_date + window:
                continue
            profile, profile_norm = self._profile(key, story)
            dot = sum(w * profile[t] for t, w in vector.items() if t in profile)
            score = dot / (norm * profile_norm) if profile_norm else 0.0
            if score >= self.options.threshold and (best is None or score > best[0]):
                best = (score, story)
        return (best[1], best[0]) if best else (None, 0.0)

    def _profile(self, key: int, story: Story) -> tuple[dict[str, float], float]:
        if key not in self.profiles:
            profile = _weights(story.terms, self.df, self.total)
            self.profiles[key] = (profile, math.sqrt(sum(w * w for w in profile.values())))
        return self.profiles[key]


def _weights(counts: dict[str, int] | Counter[str], df: dict[str, int], total: int) -> dict[str, float]:
    return {t: n * (math.log((total + 1) / (df.get(t, 0) + 1)) + 1.0) for t, n in counts.items()}


def _frequencies(session: Session, described: dict[str, Counter[str]]) -> tuple[dict[str, int], int]:
    """Document frequencies of the terms of new articles, updated with them (``story_terms``)."""
    new: Counter[str] = Counter()
    for terms in described.values():
        new.update(set(terms))
    new[_TOTAL] = len(described)
    dialect = session.get_bind().dialect.name
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [{"term": term[:300], "df": n} for term, n in sorted(new.items())]
    statement = insert_(StoryTerm)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["term"], set_={"df": StoryTerm.df + statement.excluded.df}
        ),
        rows,
    )
    df: dict[str, int] = {}
    _load(session, df, new)
    return df, df[_TOTAL]


def _load(session: Session, df: dict[str, int], terms: Iterable[str]) -> None:
    """Read the document frequencies of ``terms`` not yet in ``df``."""
    missing = sorted({t[:300] for t in terms} - df.keys())
    for i in range(0, len(missing), 500):
        chunk = missing[i : i + 500]
        query = select(StoryTerm.term, StoryTerm.df).where(StoryTerm.term.in_(chunk))
        found = {term: n for term, n in session.execute(query)}
        df.update({t: found.get(t, 0) for t in chunk})


def _words(text: str, stop: frozenset[str], limit: int | None = None) -> list[str]:
    out: list[str] = []
    for i, match in enumerate(_WORD.finditer(text)):
        if limit is not None and i >= limit:
            break
        word = match.group().lower()
        if word in stop:
            continue
        out.append(_stem(word))
    return out


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """The word without accents, cut to its first ``STEM`` letters."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:STEM]


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


@cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        from spacy.util import get_lang_class

        return frozenset(w.lower() for w in get_lang_class(lang).Defaults.stop_words)
    except (ImportError, KeyError):
        return frozenset()
