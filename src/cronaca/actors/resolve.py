"""Actor resolution in one document: mentions found, typed and grouped into actors.

Mentions come from three sources:
1. entities: organisations (looked up in the knowledge base), states and capitals used as
   actors (not after a locative preposition: "in Iraq" is a place), and people;
2. role phrases before or after a person's name give its role, sector and affiliation ("il
   segretario generale della NATO Jens Stoltenberg", "il comandante militare iraniano Qassem
   Soleimani"); the phrase and the name are one mention;
3. role phrases on their own ("un diplomatico della NATO", "le forze irachene", "il parlamento
   iracheno", "i manifestanti") are nominal mentions.
Mentions of the same state or organisation, and of the same person (a surname repeats a full
name), become one actor; a person's role and affiliation spread to all their mentions.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from cronaca.actors.kb import KnowledgeBase, Lang
from cronaca.model import Actor, ActorType, Document, Entity, Token

if TYPE_CHECKING:
    from cronaca.actors.kb import SectorWord

MAX_ROLE_WORDS = 4
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
MAX_TITLE_SPAN = 10


class ActorRules(BaseModel):
    """``lang/<code>/actors.yaml``."""

    model_config = ConfigDict(extra="forbid")

    locative: list[str] = Field(description="Prepositions that make a state name a place.")
    genitive: list[str] = Field(description="'della NATO': words that introduce an affiliation.")
    singular_determiners: list[str]
    plural_determiners: list[str]
    institutions: list[str] = Field(description="Role words naming an institution (type other).")
    collectives: list[str] = Field(description="Role words naming a body of people (type group).")
    person_stop: list[str] = Field(description="Words a title phrase never runs across.")
    plural_endings: list[str] = Field(
        default_factory=list, description="Endings of plural role nouns ('rifugiati', 'civili')."
    )
    home_country: str | None = Field(
        default=None,
        description="ISO alpha-3 of the country whose press writes in this language, for office "
        "holders named without a country ('il ministro della Difesa Guido Crosetto'): the "
        "press names foreign office holders' countries and leaves its own implicit.",
    )
    place_nouns: list[str] = Field(
        default_factory=list,
        description="'nel sud del Libano': a state after a genitive after these is a place.",
    )


@dataclass
class Mention:
    start: int
    end: int
    type: ActorType
    name: str
    key: str
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    role: str | None = None
    surname: str | None = None
    explicit: set[str] = field(default_factory=set)  # fields the text states for this mention


class Resolver:
    def __init__(self, kb: KnowledgeBase, rules: ActorRules, lang: str) -> None:
        self.kb = kb
        self.rules = rules
        self.lang = cast(Lang, lang)
        self.locative = {w.lower() for w in rules.locative}
        self.genitive = {w.lower() for w in rules.genitive}
        self.singular = {w.lower() for w in rules.singular_determiners}
        self.plural = {w.lower() for w in rules.plural_determiners}
        self.institutions = {w.lower() for w in rules.institutions}
        self.collectives = {w.lower() for w in rules.collectives}
        self.stops = {w.lower() for w in rules.person_stop}
        self.place_nouns = {w.lower() for w in rules.place_nouns}

    # -- entry point ---------------------------------------------------------------------------
    def resolve(self, doc: Document) -> tuple[list[Actor], set[tuple[int, int]]]:
        """The document's actors, and the spans of LOC entities used as actors (not places)."""
        mentions: list[Mention] = []
        used_as_actor: set[tuple[int, int]] = set()
        covered: list[tuple[int, int]] = []
        tok_index = {t.start: i for i, t in enumerate(doc.tokens)}
        for sent in doc.sentences:
            # An ORG span that opens with a lower-case word ("ministero della Difesa ucraino",
            # "forze armate turche") is a description, not a name: the role-phrase reading
            # (head noun, sector, demonym) resolves it better than a name lookup.
            ents = [
                e
                for e in doc.entities
                if sent.start <= e.start < sent.end + 1 and not (e.label == "ORG" and e.text[:1].islower())
            ]
            for ent in ents:
                first = tok_index.get(ent.start)
                if first is None:
                    continue
                split = self._leader_of(ent) if ent.label == "ORG" else None
                if split is not None:  # "la Lega di Matteo Salvini": the party and its leader
                    mentions.extend(split)
                    covered.extend((m.start, m.end) for m in split)
                    continue
                mention = self._entity_mention(doc, ent, first, sent.token_start, sent.token_end, ents)
                if mention is None:
                    continue
                if ent.label == "LOC":
                    used_as_actor.add((ent.start, ent.end))
                mentions.append(mention)
                covered.append((mention.start, mention.end))
            for mention in self._kb_names(doc, sent.token_start, sent.token_end, covered):
                mentions.append(mention)
                covered.append((mention.start, mention.end))
            for mention in self._nominal_mentions(doc, sent.token_start, sent.token_end, covered, ents):
                mentions.append(mention)
                covered.append((mention.start, mention.end))
        self._leaders_after_genitive(doc, mentions)
        self._default_person_countries(doc, mentions)
        return _group(mentions, self.kb, self.lang), used_as_actor

    # -- entities --------------------------------------------------------------------------------
    def _entity_mention(
        self, doc: Document, ent: Entity, first: int, s_first: int, s_last: int, ents: list[Entity]
    ) -> Mention | None:
        toks = doc.tokens
        is_state = self.kb.state_by_name(ent.text, self.lang) or self.kb.state_by_capital(ent.text, self.lang)
        if is_state and (
            (ent.label == "ORG" and self.kb.org_by_name(ent.text, self.lang) is None)
            or (ent.label == "PER" and " " not in ent.text)
        ):
            # A state or capital acting (KIND-style ORG: "Francia e Germania hanno dichiarato"),
            # or a capital alone taken for a surname ("Washington ha condannato"): the place's
            # path makes it the state.
            ent = ent.model_copy(update={"label": "LOC"})
        if ent.label == "PER" and (hit := self.kb.org_by_name(ent.text, self.lang)) and not hit.ambiguous:
            # a known organisation the model took for a person ("Hezbollah ha rivendicato")
            ent = ent.model_copy(update={"label": "ORG"})
        if ent.label == "ORG":
            return self._org_mention(ent)
        if ent.label == "LOC":
            prev = _norm(toks[first - 1].text) if first > s_first else ""
            if prev in self.locative or self._coordinated_with_place(toks, first, s_first, ents):
                return None
            if (
                prev in self.genitive
                and first - 1 > s_first
                and _norm(toks[first - 2].text) in self.place_nouns
            ):
                # "nel sud del Libano" is a place; "il governo del Libano" (in place_nouns too)
                # is an institution whose country the role phrase already takes
                return None
            state = self.kb.state_by_name(ent.text, self.lang)
            if state is None and ent.text.isupper():
                state = self.kb.state_by_name(ent.text.title(), self.lang)
            if state is not None and not state.ambiguous:
                s = state.entry
                return Mention(
                    ent.start,
                    ent.end,
                    "state",
                    s.name(self.lang),
                    f"state:{s.alpha3}",
                    country=s.alpha3,
                    sector="GOV",
                    explicit={"country"},
                )
            capital = self.kb.state_by_capital(ent.text, self.lang)
            after = _last_token(toks, ent.end, first) + 1
            nxt = toks[after] if after < s_last else None
            if capital is not None and not capital.ambiguous and nxt is not None and self._looks_verb(nxt):
                s = capital.entry  # "Washington ha condannato": the government
                return Mention(
                    ent.start,
                    ent.end,
                    "state",
                    s.name(self.lang),
                    f"state:{s.alpha3}",
                    country=s.alpha3,
                    sector="GOV",
                    explicit={"country"},
                )
            return None
        # PER
        mention = Mention(ent.start, ent.end, "person", ent.text, "", surname=ent.text.split()[-1])
        self._title_before(doc, mention, first, s_first, ents)
        self._apposition_after(doc, mention, _last_token(toks, ent.end, first), s_last, ents)
        return mention

    def _org_mention(self, ent: Entity) -> Mention:
        hit = self.kb.org_by_name(ent.text, self.lang)
        if hit is None:
            key = "org:" + _slug(ent.text)
            return Mention(ent.start, ent.end, "other", ent.text, key)
        org = hit.entry
        org_type = cast(ActorType, org.type)
        country = org.country
        # a government body stands for its state: "il Dipartimento di Stato" → USA, GOV
        if (
            org.type == "other"
            and country is not None
            and org.sector.startswith(("GOV", "MIL", "COP", "SPY"))
        ):
            return Mention(
                ent.start,
                ent.end,
                "other",
                org.name(self.lang),
                f"org:{org.id}",
                country=country,
                org=None,
                sector=org.sector[:3],
                explicit={"country"},
            )
        return Mention(
            ent.start,
            ent.end,
            org_type,
            org.name(self.lang),
            f"org:{org.id}",
            country=country,
            org=org.id,
            sector=org.sector[:3],
            explicit={"org"},
        )

    def _coordinated_with_place(
        self, toks: list[Token], first: int, s_first: int, ents: list[Entity]
    ) -> bool:
        """'su Iran e Iraq': a coordinated name shares the preposition (commas are not followed:
        they also end clauses, 'in Medio Oriente, Francia e Germania hanno dichiarato')."""
        i = first - 1
        while i > s_first and _norm(toks[i].text) in {"e", "ed", "o", "and", "or"}:
            i -= 1
            ent = next((e for e in ents if e.label == "LOC" and e.start <= toks[i].start < e.end), None)
            if ent is None:
                return False
            j = i
            while j > s_first and toks[j - 1].start >= ent.start:
                j -= 1
            if j > s_first and _norm(toks[j - 1].text) in self.locative:
                return True
            i = j - 1
        return False

    def _leader_of(self, ent: Entity) -> list[Mention] | None:
        """An organisation entity that swallowed its leader's name ("Lega di Matteo Salvini",
        "Fratelli d'Italia di Giorgia Meloni"): split into the organisation and the person."""
        if self.kb.org_by_name(ent.text, self.lang) is not None:
            return None
        words = ent.text.split(" ")
        for i in range(len(words) - 2, 0, -1):
            if _norm(words[i]) not in self.genitive:
                continue
            head, person = " ".join(words[:i]), " ".join(words[i + 1 :])
            if len(person.split()) < 2 or not all(w[:1].isupper() for w in person.split()):
                continue
            hit = self.kb.org_by_name(head, self.lang)
            if hit is None or hit.ambiguous:
                continue
            org_ent = Entity(start=ent.start, end=ent.start + len(head), text=head, label="ORG")
            p_start = ent.end - len(person)
            org_mention = self._org_mention(org_ent)
            leader = Mention(
                p_start,
                ent.end,
                "person",
                person,
                "",
                surname=person.split()[-1],
                org=org_mention.org,
                country=org_mention.country,
                explicit={"org"},
            )
            return [org_mention, leader]
        return None

    def _leaders_after_genitive(self, doc: Document, mentions: list[Mention]) -> None:
        """'il Pd di Enrico Letta': a person right after an organisation and a genitive acts for
        it, unless the text gave them another affiliation."""
        ordered = sorted(mentions, key=lambda m: m.start)
        for prev, cur in itertools.pairwise(ordered):
            if cur.type != "person" or cur.org or "country" in cur.explicit or prev.org is None:
                continue
            between = doc.text[prev.end : cur.start].strip().lower().replace("’", "'")
            if between in self.genitive and prev.type in {"party", "igo", "ngo", "armed_group", "company"}:
                cur.org = prev.org
                cur.country = cur.country or prev.country
                cur.explicit.add("org")

    def _looks_verb(self, tok: Token) -> bool:
        low = tok.text.lower()
        return (
            tok.lemma.lower() != low and tok.lemma.lower().endswith(("are", "ere", "ire", "rre"))
        ) or low in {"ha", "hanno", "è", "sono", "ha'", "has", "have", "is", "was", "said", "says", "will"}

    # -- role phrases around a person ----------------------------------------------------------
    def _title_before(
        self, doc: Document, mention: Mention, first: int, s_first: int, ents: list[Entity]
    ) -> None:
        """'il segretario generale della NATO Jens Stoltenberg': extend the mention over the
        title and take role, sector and affiliation from it."""
        toks = doc.tokens
        lo = max(s_first, first - MAX_TITLE_SPAN)
        i = first - 1
        role: tuple[int, int, SectorWord] | None = None
        while i >= lo:
            tok = toks[i]
            if _norm(tok.text) in self.stops or _inside_other_person(tok, ents, mention):
                break
            found = self._role_ending_at(toks, i, lo)
            if found is not None:
                role = found
                i = found[0] - 1
                continue
            i -= 1
        if role is None:
            return
        start_tok = role[0]
        span_tokens = toks[start_tok:first]
        self._apply_role(mention, role[2])
        self._affiliation(doc, mention, span_tokens, ents)
        mention.start = toks[start_tok].start
        # the leftmost role word decides ("il comandante militare iraniano"); articles stay out

    def _apposition_after(
        self, doc: Document, mention: Mention, last: int, s_last: int, ents: list[Entity]
    ) -> None:
        """'Jens Stoltenberg, segretario generale della NATO,': role and affiliation only."""
        toks = doc.tokens
        if last + 2 >= s_last or toks[last + 1].text != ",":
            return
        i = last + 2
        window = []
        while i < min(s_last, last + 2 + MAX_TITLE_SPAN) and toks[i].text not in {",", ";", ":", ".", ")"}:
            window.append(toks[i])
            i += 1
        if not window:
            return
        j = 0
        if _norm(window[0].text) in self.singular:
            j = 1
        role = self._role_starting(window, j)
        if role is None:
            return
        if not mention.role:
            self._apply_role(mention, role[1])
        self._affiliation(doc, mention, window, ents)

    def _role_ending_at(self, toks: list[Token], i: int, lo: int) -> tuple[int, int, SectorWord] | None:
        """The longest role phrase ending at token ``i`` and starting at or after ``lo``."""
        bounds = [(i - n + 1, i + 1) for n in range(MAX_ROLE_WORDS, 0, -1) if i - n + 1 >= lo]
        return self._longest_role(toks, bounds)

    def _role_starting(self, window: list[Token], j: int) -> tuple[int, SectorWord] | None:
        """The longest role phrase starting at ``window[j]``: (index after it, the role)."""
        bounds = [(j, j + n) for n in range(MAX_ROLE_WORDS, 0, -1) if j + n <= len(window)]
        found = self._longest_role(window, bounds)
        return None if found is None else (found[1], found[2])

    def _longest_role(
        self, toks: list[Token], bounds: list[tuple[int, int]]
    ) -> tuple[int, int, SectorWord] | None:
        for start, end in bounds:  # longest first
            hit = self.kb.sector_of(" ".join(t.text for t in toks[start:end]), self.lang)
            if hit is not None:
                return start, end, hit.entry
        return None

    def _apply_role(self, mention: Mention, word: SectorWord) -> None:
        mention.role = word.role
        mention.sector = word.sector[:3]
        mention.explicit.add("sector")

    def _affiliation(self, doc: Document, mention: Mention, span: list[Token], ents: list[Entity]) -> None:
        if not span:
            return
        lo, hi = span[0].start, span[-1].end
        for ent in ents:
            if lo <= ent.start and ent.end <= hi and (ent.start, ent.end) != (mention.start, mention.end):
                if ent.label == "ORG":
                    org = self.kb.org_by_name(ent.text, self.lang)
                    if org is not None:
                        if org.entry.type == "other" and org.entry.country:
                            mention.country = org.entry.country
                            mention.explicit.add("country")
                        else:
                            mention.org = org.entry.id
                            mention.explicit.add("org")
                        return
                elif ent.label == "LOC":
                    state = self.kb.state_by_name(ent.text, self.lang)
                    if state is not None:
                        mention.country = state.entry.alpha3
                        mention.explicit.add("country")
                        return
        for tok in span:
            if tok.text[:1].isupper():
                continue
            demonym = self.kb.state_by_demonym(tok.text, self.lang)
            if demonym is not None and not demonym.ambiguous:
                mention.country = demonym.state.alpha3
                mention.explicit.add("country")
                return

    # -- organisation names the entity stage missed ----------------------------------------------
    def _kb_names(
        self, doc: Document, s_first: int, s_last: int, covered: list[tuple[int, int]]
    ) -> list[Mention]:
        """Names of the knowledge base written in lower case or as title-case acronyms ("l'alleanza
        atlantica", "le Sdf"), which capitalisation-based entity finding misses. Only names
        the knowledge base does not mark as ambiguous."""
        toks = doc.tokens
        found: list[Mention] = []
        i = s_first
        while i < s_last:
            match = None
            for n in range(min(6, s_last - i), 0, -1):
                start, end = toks[i].start, toks[i + n - 1].end
                if _covered(start, end, covered) or not toks[i].text[:1].isalpha():
                    continue
                surface = doc.text[start:end]
                if n == 1 and not (surface[:1].isupper() and 2 <= len(surface) <= 6):
                    continue
                hit = self.kb.org_by_name(surface, self.lang)
                if hit is not None and not hit.ambiguous:
                    match = (n, hit.entry)
                    break
            if match is None:
                i += 1
                continue
            n, _ = match
            ent = Entity(
                start=toks[i].start,
                end=toks[i + n - 1].end,
                text=doc.text[toks[i].start : toks[i + n - 1].end],
                label="ORG",
            )
            found.append(self._org_mention(ent))
            i += n
        return found

    # -- nominal mentions ----------------------------------------------------------------------
    def _nominal_mentions(
        self, doc: Document, s_first: int, s_last: int, covered: list[tuple[int, int]], ents: list[Entity]
    ) -> list[Mention]:
        toks = doc.tokens
        found: list[Mention] = []
        i = s_first
        while i < s_last:
            tok = toks[i]
            if _covered(tok.start, tok.end, covered) or _in_entity(tok, ents) or not tok.text[:1].isalpha():
                i += 1
                continue
            low = _norm(tok.text)
            if low in self.singular or low in self.plural or not self._heads_phrase(toks, i, s_first):
                i += 1
                continue
            role = self._role_starting(toks[i:s_last], 0)
            if role is None:
                i += 1
                continue
            length, word = role
            end_tok = i + length
            # affiliation right after: a demonym ("irachene") or a genitive + name ("della NATO")
            tail_end = end_tok
            if (
                tail_end < s_last
                and not toks[tail_end].text[:1].isupper()
                and self.kb.state_by_demonym(toks[tail_end].text, self.lang) is not None
            ):
                tail_end += 1
            if tail_end < s_last and _norm(toks[tail_end].text) in self.genitive:
                ent = next(
                    (
                        e
                        for e in ents
                        if e.start == (toks[tail_end + 1].start if tail_end + 1 < s_last else -1)
                    ),
                    None,
                )
                if ent is not None and ent.label in {"ORG", "LOC"}:
                    last = _last_token(toks, ent.end, tail_end + 1)
                    tail_end = last + 1
            phrase = " ".join(t.text for t in toks[i:end_tok]).lower()
            head = toks[i].text.lower()
            number = self._number(toks, i, s_first)
            if number is None and end_tok - i == 1 and head.endswith(tuple(self.rules.plural_endings)):
                number = "pl"
            if phrase in self.institutions or head in self.institutions:
                mtype: ActorType = "other"
            elif phrase in self.collectives or head in self.collectives or number == "pl":
                mtype = "group"
            else:
                mtype = "person"
            mention = Mention(toks[i].start, toks[tail_end - 1].end, mtype, "", "")
            self._apply_role(mention, word)
            self._affiliation(doc, mention, toks[end_tok:tail_end], ents)
            mention.name = doc.text[mention.start : mention.end]
            mention.key = f"nominal:{mtype}:{word.id}:{mention.country}:{mention.org}"
            found.append(mention)
            i = tail_end
        return found

    def _heads_phrase(self, toks: list[Token], i: int, s_first: int) -> bool:
        """A role word starts an actor phrase after a determiner, a number or a preposition,
        or at the start of a sentence; after a noun it is an adjective ("una risoluzione
        parlamentare", "personale militare")."""
        if i == s_first:
            return True
        prev = _norm(toks[i - 1].text)
        return (
            prev in self.singular
            or prev in self.plural
            or prev in self.genitive
            or prev in self.locative
            or prev.isdigit()
            or not prev[:1].isalnum()
        )

    def _number(self, toks: list[Token], i: int, s_first: int) -> Literal["sg", "pl"] | None:
        if i > s_first:
            prev = _norm(toks[i - 1].text)
            if prev in self.plural:
                return "pl"
            if prev in self.singular:
                return "sg"
        return None

    def _default_person_countries(self, doc: Document, mentions: list[Mention]) -> None:
        """A government title without an affiliation ('il presidente Donald Trump') belongs to
        the state named just before it in the same sentence ('la strategia degli Stati Uniti …
        sotto il presidente Donald Trump')."""
        for m in mentions:
            if m.type != "person" or not m.surname or m.country or m.org or m.sector != "GOV":
                continue
            sentence = next((s for s in doc.sentences if s.start <= m.start <= s.end), None)
            if sentence is None:
                continue
            states = [x for x in mentions if x.type == "state" and sentence.start <= x.start < m.start]
            if states:
                m.country = states[-1].country
        for m in mentions:
            if (
                self.rules.home_country
                and m.type in {"person", "other", "group"}
                and m.country is None
                and m.org is None
                and m.sector in _STATE_SECTORS
                and m.role is not None
                and (m.surname or m.type == "other")
            ):
                m.country = self.rules.home_country


# -- grouping ---------------------------------------------------------------------------------


def _group(mentions: list[Mention], kb: KnowledgeBase, lang: Lang) -> list[Actor]:
    # people: a surname joins the full name that carries it
    people: dict[str, Mention] = {}
    for m in mentions:
        if m.type == "person" and m.surname and " " in m.name.strip():
            people.setdefault(_slug(m.surname), m)
    for m in mentions:
        if m.type != "person" or not m.surname:
            continue
        head = people.get(_slug(m.surname))
        m.key = "person:" + _slug(head.name if head else m.name.split(",")[0])
    actors: dict[str, Actor] = {}
    merged: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.key:
            merged.setdefault(m.key, []).append(m)
    for key, group in merged.items():
        first = group[0]
        country = next((m.country for m in group if m.country), None)
        org = next((m.org for m in group if m.org), None)
        sector = next((m.sector for m in group if m.sector), None)
        role = next((m.role for m in group if m.role), None)
        name = first.name
        if first.type == "person":
            name = _person_name(group)
        actors[key] = Actor(
            id=key,
            name=name,
            type=first.type,
            country=country,
            org=org,
            sector=sector,
            role=role,
            mentions=sorted({(m.start, m.end) for m in group}),
        )
    return sorted(actors.values(), key=lambda a: a.mentions[0][0])


def _person_name(group: list[Mention]) -> str:
    names = [m.name for m in group]
    return max(names, key=lambda n: (len(n.split()), len(n)))


def _norm(text: str) -> str:
    return text.lower().replace("’", "'")


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _last_token(toks: list[Token], end: int, first: int) -> int:
    i = first
    while i + 1 < len(toks) and toks[i + 1].end <= end:
        i += 1
    return i


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _in_entity(tok: Token, ents: list[Entity]) -> bool:
    return any(e.start <= tok.start < e.end for e in ents)


def _inside_other_person(tok: Token, ents: list[Entity], mention: Mention) -> bool:
    return any(e.label == "PER" and e.start <= tok.start < e.end and e.start != mention.start for e in ents)
