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
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from cronaca.actors.kb import KnowledgeBase, Lang
from cronaca.actors.rules import ActorRules
from cronaca.model import Actor, ActorType, Document, Entity, Sentence, Token
from cronaca.places.gazetteer import city_index
from cronaca.places.gazetteer import key as city_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from cronaca.actors.kb import Organisation, SectorWord

MAX_ROLE_WORDS = 6  # the longest role forms of the base: "capo di stato maggiore della difesa"
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
# bodies of people whose country the text must state: a people's smugglers, a firm's workers
_PRIVATE_SECTORS = {"CRM", "BUS", "UAF", "NGO", "IGO", "IMG", "JRN"}
# a state's armed bodies
_ARMED_SECTORS = {"MIL", "COP", "SPY"}
MAX_TITLE_SPAN = 10
PEACEKEEPERS = "peacekeepers"  # the role of sectors.yaml's peacekeepers
# auxiliaries and speech verbs the lookup lemmatizer leaves as they are
_VERB_WORDS = frozenset(
    {"ha", "hanno", "è", "sono", "ha'", "has", "have", "is", "was", "said", "says", "will"}
)
# a one-word "person" after a locative preposition is a place when a city this large has the name
MIN_CITY_FOR_PERSON = 50_000


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
    person_id: str | None = None  # the knowledge base's person, when the name is one
    title_words: int = 0  # words of the role phrase before a name ("ministro degli Esteri": 3)
    role_of_org: bool = False  # the role takes the sector of the body it is of ("leader della Lega")
    antecedent: Mention | None = None  # the named person a bare title refers to ("il premier")


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
        self.former = {w.lower() for w in rules.former}
        self.companies = {w.lower() for w in rules.companies}
        self.placeless = {w.lower() for w in rules.placeless}
        self.possessives = {w.lower() for w in rules.possessives}
        self.premodifiers = {w.lower() for w in rules.premodifiers}
        self.anaphors = {k.lower(): set(v) for k, v in rules.anaphors.items()}
        self.led_by = {" ".join(w.lower().split()) for w in rules.led_by}
        self.definite = {w.lower() for w in rules.definite}
        self.supranational = {w.lower() for w in rules.supranational}
        self.articles = {w.lower() for w in rules.articles}
        self.prepositions = {w.lower() for w in rules.prepositions}
        self.phrase_enders = {w.lower() for w in rules.phrase_enders}
        self.city_locative = {w.lower() for w in rules.city_locative}
        self.dative = {w.lower() for w in rules.dative}
        self.state_nouns = {w.lower() for w in rules.state_nouns}
        self.to_or_of = self.genitive | self.dative  # before a capital after a state noun
        self.motion_verbs = {w.lower() for w in rules.motion_verbs}
        self.extent = {w.lower() for w in rules.extent}
        self.before_name = self.articles | self.extent  # skipped back to the preposition
        self.agent = {w.lower() for w in rules.agent}
        self.copulas = {w.lower() for w in rules.copulas}
        self.place_links = self.genitive | {w.lower() for w in rules.place_links}
        self.numeral_endings = tuple(w.lower() for w in rules.numeral_endings)
        self.plural_endings = tuple(rules.plural_endings)
        self.participle_endings = tuple(rules.participle_endings)
        self.past_endings = tuple(rules.past_endings)
        self.motion = tuple(rules.motion)
        self.quantity_nouns = {w.lower() for w in rules.quantity_nouns}
        self.descriptors = {k.lower(): cast(ActorType, v) for k, v in rules.descriptors.items()}
        # the first word of every organisation's name, for short mentions ("la Commissione" after
        # "la Commissione europea" or "l'Ue")
        self._heads: dict[str, set[str]] = {}
        for org in kb.organisations.values():
            for alias in org.names.get(self.lang):
                words = alias.name.split()
                if len(words) > 1 and words[0][:1].isupper():
                    self._heads.setdefault(_norm(words[0]), set()).add(org.id)
        self._alpha3 = {st.alpha2: st.alpha3 for st in kb.states.values() if st.alpha2}
        self._parents = {o.id: o.parent for o in kb.organisations.values()}

    # -- entry point ---------------------------------------------------------------------------
    def resolve(self, doc: Document) -> tuple[list[Actor], set[tuple[int, int]]]:
        """The document's actors, and the spans of LOC entities used as actors (not places)."""
        mentions: list[Mention] = []
        used_as_actor: set[tuple[int, int]] = set()
        covered: list[tuple[int, int]] = []
        tok_index = {t.start: i for i, t in enumerate(doc.tokens)}
        entities = self._split_org_from_name(doc)
        # surnames of the people the article names in full
        surnames = {e.text.split()[-1] for e in entities if e.label == "PER" and " " in e.text.strip()}
        for sent in doc.sentences:
            # An ORG span that opens with a lower-case word ("ministero della Difesa ucraino",
            # "forze armate turche") is a description, not a name: the role-phrase reading
            # (head noun, sector, demonym) resolves it better than a name lookup.
            described: dict[int, tuple[int, ActorType]] = {}  # name start -> (descriptor start, type)
            # role word index -> (first token of the name before it, its country, its org)
            modifiers: dict[int, tuple[int, str | None, str | None]] = {}
            ents = []
            for e in entities:
                if not sent.start <= e.start < sent.end + 1:
                    continue
                if doc.dateline is not None and doc.dateline.start <= e.start < doc.dateline.end:
                    continue  # "CITTÀ DEL VATICANO –": where the story was filed, not an actor
                e = self._relabel(e, surnames)
                if e.label == "ORG" and e.text[:1].islower():
                    name = self._described_name(e, described)
                    if name is None:
                        continue
                    e = name
                if self._demonym_before_role(doc, e, tok_index):
                    continue  # "Ukrainian troops": read by the role phrase, with its country
                if self.rules.head_last:
                    modifier = self._name_before_role(doc, e, tok_index) or self._name_in_role_span(
                        doc, e, tok_index
                    )
                    if modifier is not None:  # "U.S. officials", "Russia's Defense Ministry"
                        modifiers[modifier[0]] = modifier[1:]
                        continue
                    if (
                        e.label == "ORG"
                        and self.kb.org_by_name(e.text, self.lang) is None
                        and self.kb.sector_of(e.text, self.lang) is not None
                    ):
                        continue  # "Defense Ministry": a role phrase, read as one
                if e.label == "ORG" and self._ends_role_phrase(doc, e, tok_index):
                    continue  # "presidente del Consiglio": a title, not the Council
                ents.append(e)
            for ent in ents:
                first = tok_index.get(ent.start)
                if first is None or any(s <= ent.start and ent.end <= e for s, e in covered):
                    continue  # no token, or part of an organisation's name joined before
                if ent.label == "ORG" and first > sent.token_start and ent.start not in described:
                    head = _norm(doc.tokens[first - 1].text)
                    if head in self.descriptors:  # "il quotidiano Domani"
                        described[ent.start] = (doc.tokens[first - 1].start, self.descriptors[head])
                split = self._leader_of(ent) if ent.label == "ORG" else None
                if split is not None:  # "la Lega di Matteo Salvini": the party and its leader
                    mentions.extend(split)
                    covered.extend((m.start, m.end) for m in split)
                    continue
                mention = self._entity_mention(doc, ent, first, sent.token_start, sent.token_end, ents)
                if mention is None:
                    continue
                if ent.start in described:
                    mention.start, kind = described[ent.start]
                    if mention.org is None and mention.type == "other" and mention.sector is None:
                        mention.type = kind
                if ent.label == "LOC":
                    used_as_actor.add((ent.start, ent.end))
                mentions.append(mention)
                covered.append((mention.start, mention.end))
            for mention in self._kb_names(doc, sent.token_start, sent.token_end, covered, modifiers):
                mentions.append(mention)
                covered.append((mention.start, mention.end))
            for mention in self._nominal_mentions(
                doc, sent.token_start, sent.token_end, covered, ents, modifiers
            ):
                mentions.append(mention)
                covered.append((mention.start, mention.end))
        self._leaders_after_genitive(doc, mentions)
        self._known_people(doc, mentions)
        mentions += self._repeated_surnames(doc, mentions)
        self._short_org_names(doc, mentions)  # after the people: their offices name bodies too
        mentions = self._anaphoric_orgs(doc, mentions)
        self._settle_ambiguous_affiliations(doc, mentions)
        self._roles_of_named_bodies(mentions)
        self._countries_of_orgs(mentions)
        self._possessed_groups(doc, mentions, tok_index)
        self._bare_title_antecedents(mentions)
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
        if ent.label == "ORG":
            return self._org_mention(self._org_span(doc, ent, first, ents))
        if ent.label == "LOC":
            p = first - 1  # the word before, past articles: "attraverso [la] Bielorussia"
            extent = False
            while p > s_first and _norm(toks[p].text) in self.before_name:
                extent = extent or _norm(toks[p].text) in self.extent
                p -= 1
            prev = _norm(toks[p].text) if p >= s_first else ""
            state = self.kb.state_by_name(ent.text, self.lang)
            named_state = state is not None
            # "il sostegno di Washington", "armi ad Ankara": the state, by the noun before
            of_state = (
                prev in self.to_or_of
                and p > s_first
                and _norm(toks[p - 1].text) in self.state_nouns
                and not extent
            )
            if prev in self.dative and (named_state or of_state) and not extent:
                pass  # "solidarietà a Israele": to whom
            elif prev in self.agent and p > s_first and self._participle(toks[p - 1]):
                pass  # "deciso da Kiev", "attaccati dalla Russia": by whom
            elif (
                prev in self.locative
                or prev in self.motion_verbs  # "trying to reach Ukraine"
                or self._coordinated_with_place(toks, first, s_first, ents)
            ):
                return None
            if prev in self.city_locative and not named_state:
                return None  # "al Cairo"
            if (
                prev in self.place_links
                and p > s_first
                and any(w in self.place_nouns for w in _norm(toks[p - 1].text).split("-"))
            ):
                # "nel sud del Libano", "nel nord-est della Siria", "al confine con l'Iraq" are
                # places; "il governo del Libano" (in place_nouns too) is an institution whose
                # country the role phrase already takes
                return None
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
            in_dateline = doc.dateline is not None and doc.dateline.start <= ent.start < doc.dateline.end
            if (
                capital is not None
                and not capital.ambiguous
                and not in_dateline
                and ((nxt is not None and self._looks_verb(nxt)) or prev not in self.genitive or of_state)
            ):
                # "Washington ha condannato", "Washington, che non riconosce…", "deciso da Kiev"
                # is not read (a locative "da"), "l'aeroporto di Kiev" is a place
                s = capital.entry
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
        if self.place_taken_for_person(doc, ent):
            return None  # "partito da Smirne": a place
        mention = Mention(ent.start, ent.end, "person", ent.text, "", surname=ent.text.split()[-1])
        self._title_before(doc, mention, first, s_first, ents)
        self._apposition_after(doc, mention, _last_token(toks, ent.end, first), s_last, ents)
        return mention

    def _ends_role_phrase(self, doc: Document, ent: Entity, tok_index: dict[int, int]) -> bool:
        """Whether a one-word name ends a role phrase of the base that starts before it
        ("presidente del Consiglio", "ministro degli Esteri"): part of the title, not a body."""
        first = tok_index.get(ent.start)
        if first is None or " " in ent.text.strip():
            return False
        found = self._role_ending_at(doc.tokens, first, max(0, first - MAX_ROLE_WORDS + 1))
        return found is not None and found[0] < first

    def _split_org_from_name(self, doc: Document) -> list[Entity]:
        """An organisation's name the model ran into the first name of the person after it
        ("Rassemblement National Marine" + "Le Pen"): the longest known name it opens with is
        the organisation, the rest goes to the person."""
        out: list[Entity] = []
        ents = doc.entities
        k = 0
        while k < len(ents):
            e, nxt = ents[k], ents[k + 1] if k + 1 < len(ents) else None
            k += 1
            words = e.text.split(" ")
            if (
                nxt is None
                or e.label != "ORG"
                or nxt.label != "PER"
                or doc.text[e.end : nxt.start] != " "
                or len(words) < 2
                or self.kb.org_by_name(e.text, self.lang) is not None
            ):
                out.append(e)
                continue
            for n in range(len(words) - 1, 0, -1):
                head = " ".join(words[:n])
                hit = self.kb.org_by_name(head, self.lang)
                if hit is not None and not hit.ambiguous and all(w[:1].isupper() for w in words[n:]):
                    cut = e.start + len(head)
                    out.append(e.model_copy(update={"end": cut, "text": head}))
                    out.append(nxt.model_copy(update={"start": cut + 1, "text": doc.text[cut + 1 : nxt.end]}))
                    k += 1  # the person is taken
                    break
            else:
                out.append(e)
        return out

    def _relabel(self, ent: Entity, surnames: set[str]) -> Entity:
        """The knowledge base corrects the model's label of a name it knows unambiguously: a
        known organisation taken for a person or a place no gazetteer lists ("Hezbollah ha
        rivendicato", "il capo di Wagner", "il direttore di Rsf"),
        a known person taken for an organisation ("Ursula von der Leyen"); the surname of a
        person the article named in full, taken for a place or a body ("ha telefonato a Bazoum"
        after "il presidente Mohamed Bazoum"), unless it is a state, capital, organisation or
        sizeable city the knowledge base or the gazetteer knows."""
        if (
            ent.label in {"LOC", "ORG"}
            and ent.text in surnames
            and not self._names_state_or_body(ent.text)
            and max((c.population for c in city_index().get(city_key(ent.text), [])), default=0)
            < MIN_CITY_FOR_PERSON
        ):
            return ent.model_copy(update={"label": "PER"})
        if (
            ent.label in {"PER", "LOC"}
            and (hit := self.kb.org_by_name(ent.text, self.lang))
            and (
                not hit.ambiguous
                # an acronym the base knows only as organisations ("Rsf"), which is no one's surname
                or (
                    ent.label == "PER"
                    and ent.text.isalpha()
                    and len(ent.text) <= 5
                    and ent.text not in surnames
                    and self.kb.person_by_short_name(ent.text, self.lang) is None
                )
            )
        ):
            if (
                self.kb.state_by_name(ent.text, self.lang) is None
                and self.kb.state_by_capital(ent.text, self.lang) is None
                and (ent.label == "PER" or not city_index().get(city_key(ent.text)))
            ):
                return ent.model_copy(update={"label": "ORG"})
        elif (
            ent.label == "ORG"
            and " " in ent.text
            and self.kb.org_by_name(ent.text, self.lang) is None
            and (who := self.kb.person_by_name(ent.text, self.lang)) is not None
            and not who.ambiguous
        ):
            return ent.model_copy(update={"label": "PER"})
        return ent

    def place_taken_for_person(self, doc: Document, ent: Entity) -> bool:
        """A one-word PER entity that is a city of some size, right after a locative preposition,
        that the knowledge base does not know as a person and that is no one's surname in the
        article: the model took a place for a person ("partito da Smirne", "parlando da
        Wilmington")."""
        if ent.label != "PER" or " " in ent.text or self.kb.person_by_short_name(ent.text, self.lang):
            return False
        cities = city_index().get(city_key(ent.text))
        if not cities or max(c.population for c in cities) < MIN_CITY_FOR_PERSON:
            return False
        i = next((k for k, t in enumerate(doc.tokens) if t.start == ent.start), None)
        if i is None or i == 0 or _norm(doc.tokens[i - 1].text) not in self.locative:
            return False
        surname = ent.text.lower()
        return not any(
            e.label == "PER" and " " in e.text and e.text.split()[-1].lower() == surname for e in doc.entities
        )

    def _described_name(self, ent: Entity, described: dict[int, tuple[int, ActorType]]) -> Entity | None:
        """'ong Sea-Watch': the name after a descriptor, the descriptor remembered. Other ORG
        spans opening in lower case ("ministero della Difesa ucraino", "forze armate turche")
        are descriptions, which the role-phrase reading (head, sector, demonym) resolves."""
        words = ent.text.split(" ")
        for n in range(min(3, len(words) - 1), 0, -1):
            head = _norm(" ".join(words[:n]))
            if head in self.descriptors and words[n][:1].isupper():
                offset = len(" ".join(words[:n])) + 1
                name = Entity(start=ent.start + offset, end=ent.end, text=ent.text[offset:], label="ORG")
                described[name.start] = (ent.start, self.descriptors[head])
                return name
        return None

    def _names_state_or_body(self, text: str) -> bool:
        """Whether the base knows the text as a state, a capital or an organisation."""
        return bool(
            self.kb.state_by_name(text, self.lang)
            or self.kb.state_by_capital(text, self.lang)
            or self.kb.org_by_name(text, self.lang)
        )

    def _repeated_surnames(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        """The surname of a person the article named in full, written again where the entity
        model missed it ("ha telefonato a Bazoum", "secondo cui al-Baghdadi"): one person per
        surname within a document, as the grouping already assumes."""
        surnames = {
            m.surname
            for m in mentions
            if m.type == "person"
            and m.surname
            and " " in m.name.strip()
            and len(m.surname) > 2
            and m.surname[:1].isupper() | m.surname[:3].islower()  # "Bazoum", "al-Baghdadi"
            and not self._names_state_or_body(m.surname)
        }
        if not surnames:
            return []
        taken = [(m.start, m.end) for m in mentions] + [(e.start, e.end) for e in doc.entities]
        pattern = re.compile(
            r"(?<![\w'’-])(?:"
            + "|".join(map(re.escape, sorted(surnames, key=len, reverse=True)))
            + r")(?![\w-])"
        )
        found: list[Mention] = []
        for hit in pattern.finditer(doc.text):
            if any(a < hit.end() and hit.start() < b for a, b in taken):
                continue
            found.append(Mention(hit.start(), hit.end(), "person", hit.group(0), "", surname=hit.group(0)))
        return found

    def _short_org_names(self, doc: Document, mentions: list[Mention]) -> None:
        """A one-word name the knowledge base does not resolve ("la Commissione", "la Corte",
        "l'Unione") is the organisation of the article whose name it begins, or one related to an
        organisation the article names (its whole, a part, a sister body)."""
        named = {m.org for m in mentions if m.org}
        parents = self._parents
        for m in mentions:
            surface = doc.text[m.start : m.end].strip()
            if m.org is not None or m.type not in {"other", "group"} or " " in surface:
                continue
            # an unknown name, or an institution word written as a name ("la Corte" after "la
            # Corte penale internazionale"; lower case, "la corte", is any court)
            if not (m.key.startswith("org:") or (m.key.startswith("nominal:") and surface[:1].isupper())):
                continue
            heads = self._heads.get(_norm(surface), set())
            # the organisation named itself or the body a named one is part of ("l'Unione" after
            # "la Commissione europea"), else a part of one named ("la Commissione" in an article
            # about the Ue), else a sister body of one named ("la Corte" in an article about the
            # Commission): the closest reading that is unique. A word the base reads alone ("il
            # Parlamento" is Italy's in Italian news) is only a body named or its whole.
            known = self.kb.org_by_name(surface, self.lang) is not None
            wholes = {parents.get(i) for i in named} - {None}
            for candidates in (
                {i for i in heads if i in named or i in wholes},
                set() if known else {i for i in heads if parents.get(i) in named},
                set() if known else {i for i in heads if parents.get(i) in wholes},
            ):
                if candidates:
                    break
            if len(candidates) != 1:
                continue
            org = self.kb.organisations[candidates.pop()]
            resolved = self._org_mention(
                Entity(start=m.start, end=m.end, text=org.name(self.lang), label="ORG")
            )
            _adopt(m, resolved)

    def _anaphoric_orgs(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        """'l'azienda', 'il tribunale', 'l'organizzazione': a definite common noun of an
        organisation is the last one of its kind the article named before it."""
        if not self.anaphors:
            return mentions
        toks = doc.tokens
        by_start = {m.start: m for m in mentions}
        spans = [(m.start, m.end) for m in mentions]
        named = sorted((m for m in mentions if m.org is not None), key=lambda m: m.start)
        added: list[Mention] = []
        for i in range(1, len(toks)):
            tok = toks[i]
            kinds = self.anaphors.get(tok.text.lower())
            if kinds is None or _norm(toks[i - 1].text) not in self.definite:
                continue
            if (
                i + 1 < len(toks)
                and _norm(toks[i + 1].text) in self.genitive
                and toks[i + 1].text[:1] not in "'’"  # "the party's biggest win" is the party's
            ):
                continue  # "la missione di pace", "il gruppo di manifestanti": not a name
            own = by_start.get(tok.start)
            if own is not None and (own.end != tok.end or own.org is not None):
                continue
            if own is None and _covered(tok.start, tok.end, spans):
                continue
            # the last one of its kind, or rather the last one introduced by this very noun ("la
            # missione" after "la missione Unifil", though "i militari dell'Onu" came between)
            noun = tok.text.lower()
            antecedent = None
            for m in reversed(named):
                if m.start >= tok.start:
                    continue
                org = self.kb.organisation(m.org) if m.org else None
                if org is not None and (org.type in kinds or org.sector[:3] in kinds):
                    if antecedent is None:
                        antecedent = org
                    own_words = doc.text[m.start : m.end].lower().split()
                    before = doc.text[max(0, m.start - 40) : m.start].lower().split()
                    if noun in own_words[:1] + before[-1:]:
                        antecedent = org
                        break
            if antecedent is None:
                continue
            resolved = self._org_mention(
                Entity(start=tok.start, end=tok.end, text=antecedent.name(self.lang), label="ORG")
            )
            if own is not None:
                _adopt(own, resolved)
            else:
                added.append(resolved)
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _org_span(self, doc: Document, ent: Entity, first: int, ents: list[Entity]) -> Entity:
        """An organisation's name cut before its end by the entity model ("Forze democratiche per
        la liberazione del" + "Ruanda", "Consiglio Esteri dell'" + "Ue"): joined with the entity
        after it; a name ending in a bare preposition ("Lega di") loses it."""
        longer = self._kb_extension(doc, ent, first)
        if longer is not None:
            return longer
        words = ent.text.split()
        last = _norm(words[-1]) if words else ""
        if self.kb.org_by_name(ent.text, self.lang) is None and last[:1].isalpha() and last == words[-1]:
            # "Ypg curde": the name without the words in lower case after it
            for n in range(len(words) - 1, 0, -1):
                if words[n][:1].isupper():
                    break
                head = " ".join(words[:n])
                if self.kb.org_by_name(head, self.lang) is not None:
                    return Entity(start=ent.start, end=ent.start + len(head), text=head, label="ORG")
        if last not in self.genitive and last not in self.locative and not last.endswith("'"):
            # "la Procura di Roma", "il governo di Kinshasa": the place is part of the name
            nxt = next((e for e in ents if e.start > ent.end), None)
            gap = _norm(doc.text[ent.end : nxt.start].strip()) if nxt is not None else ""
            if (
                nxt is not None
                and nxt.label == "LOC"
                and gap in self.genitive
                and self.kb.org_by_name(ent.text, self.lang) is None
                and self.kb.sector_of(words[0], self.lang) is not None
            ):
                return Entity(start=ent.start, end=nxt.end, text=doc.text[ent.start : nxt.end], label="ORG")
            return ent
        nxt = next((e for e in ents if e.start >= ent.end and not doc.text[ent.end : e.start].strip()), None)
        if nxt is not None and nxt.label in {"LOC", "ORG"}:
            return Entity(start=ent.start, end=nxt.end, text=doc.text[ent.start : nxt.end], label="ORG")
        if len(words) > 1 and not last.endswith("'"):
            head = ent.text[: ent.text.rstrip().rfind(" ")].rstrip()
            return Entity(start=ent.start, end=ent.start + len(head), text=head, label="ORG")
        return ent

    def _kb_extension(self, doc: Document, ent: Entity, first: int) -> Entity | None:
        """The longest name of the knowledge base that starts with the entity and runs past it:
        "Osservatorio siriano" + "per i diritti umani"."""
        toks = doc.tokens
        last = _last_token(toks, ent.end, first)
        for j in range(min(len(toks) - 1, last + 6), last, -1):
            if any(t.text in {".", ";", ":", "(", ")"} for t in toks[last + 1 : j + 1]):
                continue
            text = doc.text[ent.start : toks[j].end]
            hit = self.kb.org_by_name(text, self.lang)
            if hit is not None and not hit.ambiguous:
                return Entity(start=ent.start, end=toks[j].end, text=text, label="ORG")
        return None

    def _org_mention(self, ent: Entity) -> Mention:
        hit = self.kb.org_by_name(ent.text, self.lang)
        if hit is None and ent.text in self.rules.the_state:
            # "lo Stato": the state of the article's country, known once the article is read
            return Mention(ent.start, ent.end, "state", ent.text, "", sector="GOV")
        if hit is None:
            key = "org:" + _slug(ent.text)
            mention = Mention(ent.start, ent.end, "other", ent.text, key)
            words = ent.text.split()
            role = next(
                (
                    r
                    for n in range(min(MAX_ROLE_WORDS, len(words)), 0, -1)
                    if (r := self.kb.sector_of(" ".join(words[:n]), self.lang)) is not None
                    and not r.ambiguous
                ),
                None,
            )
            if role is not None and _norm(words[0]) in self.institutions | self.collectives:
                # "Procura di Crotone", "Assemblea nazionale": an institution the base does
                # not list, read like its head word; its country from a place in its name
                mention.sector, mention.role = role.entry.sector[:3], role.entry.role
                if _norm(words[0]) in self.collectives:
                    mention.type = "group"
                for i in range(1, len(words)):
                    if _norm(words[i - 1]) in self.genitive:
                        mention.country = self._country_of_place(" ".join(words[i:]), city=True)
                        break
                    demonym = self.kb.state_by_demonym(words[i], self.lang)
                    if words[i][:1].islower() and demonym is not None and not demonym.ambiguous:
                        mention.country = demonym.state.alpha3
                        break
                if mention.country:
                    mention.explicit.add("country")
            return mention
        org = hit.entry
        org_type = cast(ActorType, org.type)
        country = org.country
        # a government body stands for its state: "il Dipartimento di Stato" → USA, GOV
        if org.type == "other" and country is not None and org.sector[:3] in _STATE_SECTORS:
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
        """'su Iran e Iraq': a coordinated name shares the preposition; commas only in a list of
        states and capitals ('da Belgio, Francia, Italia', 'in Amman, Beirut and Ramallah'):
        they also end clauses ('in Medio Oriente, Francia e Germania hanno dichiarato')."""
        i = first - 1
        listed = self._state_or_capital(toks[first].text)
        while i > s_first and (
            _norm(toks[i].text) in {"e", "ed", "o", "and", "or"} or (listed and toks[i].text == ",")
        ):
            comma = toks[i].text == ","
            i -= 1
            ent = next((e for e in ents if e.start <= toks[i].start < e.end), None)
            if ent is None or (ent.label != "LOC" and not self._state_or_capital(ent.text)):
                return False
            listed = self._state_or_capital(ent.text)
            if comma and not listed:
                return False
            j = i
            while j > s_first and toks[j - 1].start >= ent.start:
                j -= 1
            if j > s_first and _norm(toks[j - 1].text) in self.locative:
                return True
            i = j - 1
        return False

    def _state_or_capital(self, text: str) -> bool:
        return (
            self.kb.state_by_name(text, self.lang) is not None
            or self.kb.state_by_capital(text, self.lang) is not None
        )

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
        """'il Pd di Enrico Letta', 'Forza Italia, guidata da Antonio Tajani': a person right after
        an organisation and a genitive or 'led by' acts for it, unless the text gave them another
        affiliation; the head of an institution ('la Procura di Agrigento, guidata da …') is of
        its country and sector."""
        ordered = sorted(mentions, key=lambda m: m.start)
        for prev, cur in itertools.pairwise(ordered):
            if cur.type != "person" or cur.org or "country" in cur.explicit:
                continue
            between = " ".join(doc.text[prev.end : cur.start].strip(" ,").lower().replace("’", "'").split())
            if prev.org is not None and (
                (between in self.genitive and prev.type in {"party", "igo", "ngo", "armed_group", "company"})
                or between in self.led_by
            ):
                cur.org = prev.org
                cur.country = cur.country or prev.country
                cur.explicit.add("org")
                if not cur.role:
                    cur.sector, cur.role = prev.sector, "leader"
            elif between in self.led_by and prev.type == "other" and prev.country and prev.sector:
                # "la Procura di Agrigento, guidata da Luigi Patronaggio": its head
                cur.country, cur.sector = prev.country, prev.sector
                cur.role = cur.role or "head"
                cur.explicit.add("country")

    def _participle(self, tok: Token) -> bool:
        """A past participle that is not one of motion ('deciso', 'colpiti'; not 'arrivati')."""
        low = tok.text.lower()
        if not low.isalpha() or low.startswith(self.motion):
            return False
        if low.endswith(self.participle_endings):
            return True
        # irregular participles ("deciso", "preso", "detto"): a verb's lemma, a participle's end
        return _verb_form(tok) and low.endswith(("so", "sa", "si", "se", "to", "ta", "ti", "te"))

    def _looks_verb(self, tok: Token) -> bool:
        low = tok.text.lower()
        return _verb_form(tok) or low in _VERB_WORDS

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
            if tok.pos in {"VERB", "AUX"}:
                break  # "the armed forces would not recognize opposition leader Juan Guaidó"
            found = self._role_ending_at(toks, i, lo)
            if found is not None:
                if not self._continues_title(toks, found[1], first):
                    break  # "the president ordered the release of opposition leader Khaleda Zia"
                if any(
                    _norm(toks[k].text) in self.plural - self.singular
                    for k in (found[0] - 1, found[0])
                    if k >= s_first
                ):
                    break  # "secondo i funzionari al-Baghdadi …": a plural is not one person's title
                role = found
                i = found[0] - 1
                continue
            i -= 1
        if role is None:
            # "l'autista congolese Mustapha Milambo", "la spagnola Teresa Ribera": no role word,
            # but the demonym right before the name says whom the person is of
            if first > s_first and toks[first - 1].text[:1].islower():
                demonym = self.kb.state_by_demonym(toks[first - 1].text, self.lang)
                if demonym is not None and not demonym.ambiguous and demonym.number == "sg":
                    mention.country = demonym.state.alpha3
                    mention.explicit.add("country")
            return
        start_tok = role[0]
        self._apply_role(mention, role[2])
        mention.title_words = sum(  # a leading article matches with the role word: not counted
            _norm(t.text) not in self.singular and _norm(t.text) not in self.plural
            for t in toks[role[0] : role[1]]
        )
        # the affiliation follows the role words: "presidente della Repubblica" names no body
        self._affiliation(doc, mention, toks[role[1] : first], ents)
        if mention.org is not None:
            # "segretario generale dell'Onu": a title the base lists as a body of its own
            title = self.kb.org_by_name(doc.text[toks[role[0]].start : toks[first - 1].end], self.lang)
            if title is not None and not title.ambiguous and title.entry.parent == mention.org:
                mention.org = title.entry.id
        if (
            self.rules.head_last
            and start_tok > s_first
            and (alpha3 := self._capitalised_demonym(toks[start_tok - 1])) is not None
        ):
            start_tok -= 1  # "Egyptian President Abdel Fattah al-Sisi"
            if "country" not in mention.explicit:
                mention.country = alpha3
                mention.explicit.add("country")
        if start_tok > s_first and _norm(toks[start_tok - 1].text) in self.former:
            start_tok -= 1  # "l'ex ministro della Difesa Yoav Gallant": a former official
            mention.sector, mention.role = "ELI", f"former {mention.role}"
        mention.start = toks[start_tok].start
        # the leftmost role word decides ("il comandante militare iraniano"); articles stay out
        if " ".join(t.text for t in toks[role[0] : role[1]]).lower() in self.collectives:
            # "la famiglia Regeni", "il clan Casamonica": the name's people, not the person
            mention.type, mention.surname = "group", None
            mention.name = doc.text[mention.start : mention.end]
            mention.key = f"nominal:group:{_slug(mention.name)}"

    def _continues_title(self, toks: list[Token], j: int, name: int) -> bool:
        """Whether the words after a role word (from ``toks[j]``) go on as a title up to the name:
        an affiliation ("della NATO", "degli Esteri"), a demonym, a name, another role word,
        or one adjective before one of these ("il presidente uscente Joe Biden"); not a clause
        ("the president ordered the release of …")."""

        def links(k: int) -> bool:
            if k >= name:
                return True
            tok = toks[k]
            low = _norm(tok.text)
            return (
                low in self.genitive
                or low in self.former
                or not tok.text[:1].isalpha()
                or tok.text[:1].isupper()
                or self.kb.state_by_demonym(tok.text, self.lang) is not None
                or self._role_starting(toks[k : k + MAX_ROLE_WORDS], 0) is not None
            )

        between = _norm(toks[j].text) if j < name else ""
        return links(j) or (
            j + 1 <= name
            and links(j + 1)
            and _norm(toks[j + 1].text) not in self.singular
            # one adjective, not a preposition ("lawmakers on Tuesday authorized President …")
            and between not in self.locative | self.prepositions | self.phrase_enders
        )

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
        opens: dict[int, bool] = {}
        for start, end in bounds:  # longest first
            if start not in opens:
                word = toks[start].text
                # (a lookup drops a leading article: "la ministra" is read as "ministra")
                opens[start] = self.kb.may_open_sector_word(word, self.lang) or _norm(word) in self.articles
            if not opens[start]:
                continue
            hit = self.kb.sector_of(" ".join(t.text for t in toks[start:end]), self.lang)
            if hit is not None:
                return start, end, hit.entry
        return None

    def _apply_role(self, mention: Mention, word: SectorWord) -> None:
        mention.role = word.role
        mention.sector = word.sector[:3]
        mention.role_of_org = word.of_org
        mention.explicit.add("sector")
        if word.country is not None and "country" not in mention.explicit:
            mention.country = word.country  # "il carabiniere": Italian wherever the story is
            mention.explicit.add("country")

    def _affiliation(self, doc: Document, mention: Mention, span: list[Token], ents: list[Entity]) -> None:
        if not span:
            return
        lo, hi = span[0].start, span[-1].end
        for ent in ents:
            if lo <= ent.start and ent.end <= hi and (ent.start, ent.end) != (mention.start, mention.end):
                if ent.label == "ORG":
                    org = self.kb.org_by_name(ent.text, self.lang)
                    # an ambiguous name is not read as the body a role is of: "presidente della
                    # Repubblica" is the head of state, not of the newspaper
                    if org is not None and not org.ambiguous:
                        if org.entry.type == "other" and org.entry.country:
                            mention.country = org.entry.country
                            mention.explicit.add("country")
                        else:
                            mention.org = org.entry.id
                            mention.explicit.add("org")
                            if mention.role_of_org:  # "il leader di Hts": the body's sector
                                mention.sector = org.entry.sector[:3]
                        return
                elif ent.label == "LOC":
                    # a state, or a city: "gli abitanti di Mosca", "il sindaco di Kharkiv"; not
                    # where they are ("l'insegnante detenuta in Ungheria", "l'ambasciatore a Mosca")
                    before = [t for t in span if t.end <= ent.start]
                    if before and (w := _norm(before[-1].text)) in self.locative and w not in self.genitive:
                        continue
                    state = self.kb.state_by_name(ent.text, self.lang)
                    country = (
                        state.entry.alpha3 if state is not None else self._country_of_place(ent.text, True)
                    )
                    if country is not None:
                        mention.country = country
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
        self,
        doc: Document,
        s_first: int,
        s_last: int,
        covered: list[tuple[int, int]],
        modifiers: dict[int, tuple[int, str | None, str | None]],
    ) -> list[Mention]:
        """Names of the knowledge base written in lower case or as title-case acronyms ("l'alleanza
        atlantica", "le Sdf"), which capitalisation-based entity finding misses. Only names
        the knowledge base does not mark as ambiguous."""
        toks = doc.tokens
        found: list[Mention] = []
        i = s_first
        while i < s_last:
            match = None
            # only a word that opens some name (or an article before one) starts a lookup
            opens = self.kb.may_open_org_name(toks[i].text, self.lang) or _norm(toks[i].text) in self.articles
            for n in range(min(6, s_last - i), 0, -1) if opens else ():
                start, end = toks[i].start, toks[i + n - 1].end
                if _covered(start, end, covered) or not toks[i].text[:1].isalpha():
                    continue
                surface = doc.text[start:end]
                if (
                    n == 1
                    and not (surface[:1].isupper() and 2 <= len(surface) <= 6)
                    and not (surface[:1].isupper() and i > s_first)
                    and not surface.islower()
                ):
                    # one word: an acronym ("le Sdf"), a lower-case name ("camorra"), a capitalised
                    # name inside a sentence ("warned on Twitter"), not one that opens it
                    continue
                hit = self.kb.org_by_name(surface, self.lang)
                if hit is not None and not hit.ambiguous:
                    match = (n, hit.entry)
                    break
            if match is None:
                if (
                    toks[i].text in self.rules.the_state
                    and i > s_first
                    and _norm(toks[i - 1].text) in self.articles
                    and not _covered(toks[i].start, toks[i].end, covered)
                ):
                    # "lo Stato" the entity model did not tag: the state of the article's country
                    state = Entity(start=toks[i].start, end=toks[i].end, text=toks[i].text, label="ORG")
                    found.append(self._org_mention(state))
                i += 1
                continue
            n, _ = match
            ent = Entity(
                start=toks[i].start,
                end=toks[i + n - 1].end,
                text=doc.text[toks[i].start : toks[i + n - 1].end],
                label="ORG",
            )
            modifier = self._name_before_role(doc, ent, {toks[i].start: i}) if self.rules.head_last else None
            if modifier is not None:  # "Wagner fighters": the role phrase is the actor
                modifiers[modifier[0]] = modifier[1:]
            else:
                found.append(self._org_mention(ent))
            i += n
        return found

    # -- nominal mentions ----------------------------------------------------------------------
    def _nominal_mentions(
        self,
        doc: Document,
        s_first: int,
        s_last: int,
        covered: list[tuple[int, int]],
        ents: list[Entity],
        modifiers: dict[int, tuple[int, str | None, str | None]],
    ) -> list[Mention]:
        toks = doc.tokens
        found: list[Mention] = []
        i = s_first
        while i < s_last:
            tok = toks[i]
            if _covered(tok.start, tok.end, covered) or _in_entity(tok, ents) or not tok.text[:1].isalpha():
                i += 1
                continue
            lead, country, org = i, None, None
            demonym = self._capitalised_demonym(tok)
            if i in modifiers:  # "U.S. officials", "Wagner fighters": the name before the role
                lead, country, org = modifiers[i]
            elif demonym is not None and (at := self._role_after_demonym(toks, i, s_last)) is not None:
                # the English order, "Ukrainian troops", "Russian aviation authorities" ("Russia's
                # forces" aside): the demonym gives the country, the role word after it (and
                # after lower-case modifiers) heads the phrase
                lead, country, i = i, demonym, at
                tok = toks[i]
            low = _norm(tok.text)
            if (
                lead == i
                and country is None
                and (low in self.singular or low in self.plural or not self._heads_phrase(toks, i, s_first))
            ):
                i += 1
                continue
            people = self._demonym_group(toks, i, s_first)
            if people is not None:  # "gli italiani", "dei siriani": the people of a state
                found.append(people)
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
            no_country = tail_end < s_last and _norm(toks[tail_end].text) in self.supranational
            if no_country:
                tail_end += 1  # "i leader europei": of no one state
            if tail_end < s_last and _norm(toks[tail_end].text) in self.genitive:
                at = tail_end + 1
                if at + 1 < s_last and _norm(toks[at].text) in self.descriptors:
                    at += 1  # "i mercenari del gruppo Wagner"
                ent = next((e for e in ents if e.start == (toks[at].start if at < s_last else -1)), None)
                if ent is not None and ent.label in {"ORG", "LOC"}:
                    last = _last_token(toks, ent.end, at)
                    tail_end = last + 1
                elif (inner := self._institution_at(toks, at, s_last, ents)) is not None:
                    tail_end = inner  # "il portavoce del governo israeliano": one person
            elif tail_end < s_last and toks[i].text.lower() in self.institutions:
                # "l'esecutivo Ue", "il governo Meloni" is not read: only an organisation's name
                ent = next((e for e in ents if e.start == toks[tail_end].start and e.label == "ORG"), None)
                if ent is not None:
                    tail_end = _last_token(toks, ent.end, tail_end) + 1
            whole = doc.text[toks[lead].start : toks[tail_end - 1].end]
            known = self.kb.org_by_name(whole, self.lang) if tail_end > end_tok else None
            if known is not None and not known.ambiguous:  # "l'esecutivo Ue": the Commission
                found.append(
                    self._org_mention(
                        Entity(start=toks[lead].start, end=toks[tail_end - 1].end, text=whole, label="ORG")
                    )
                )
                i = tail_end
                continue
            named_outlet = False
            if (
                not self.rules.head_last
                and tail_end == end_tok
                and word.sector.startswith("JRN")
                and end_tok < s_last
                and toks[end_tok].text[:1].isupper()
                and not _in_entity(toks[end_tok], ents)
            ):
                # "il quotidiano Domani", "la tv Al Arabiya": a medium named after its kind
                while tail_end < s_last and toks[tail_end].text[:1].isupper():
                    tail_end += 1
                named_outlet = True
            phrase = " ".join(t.text for t in toks[i:end_tok]).lower()
            head_tok = toks[end_tok - 1 if self.rules.head_last else i]
            head = head_tok.text.lower()
            number = None if self.rules.head_last else self._number(toks, i, s_first)
            if number is None and self._plural(head_tok):
                number = "pl"
            # the whole phrase decides before its head word: "società civile" is people, not a firm
            if named_outlet or phrase in self.companies:
                mtype: ActorType = "company"
            elif phrase in self.institutions:
                mtype = "other"
            elif phrase in self.collectives:
                mtype = "group"
            elif head in self.companies:
                mtype = "company"
            elif head in self.institutions:
                mtype = "other"
            elif head in self.collectives or number == "pl":
                mtype = "group"
            else:
                mtype = "person"
            mention = Mention(toks[lead].start, toks[tail_end - 1].end, mtype, "", "")
            self._apply_role(mention, word)
            self._affiliation(doc, mention, toks[end_tok:tail_end], ents)
            if org is not None and mention.org is None:
                mention.org = org  # "Wagner fighters": of its sector too
                mention.sector = self.kb.organisations[org].sector[:3]
                mention.explicit.add("org")
            if country is not None and "country" not in mention.explicit:
                mention.country = country
                mention.explicit.add("country")
            if no_country and "country" not in mention.explicit:
                mention.explicit.add("country")  # stated: none
            mention.name = doc.text[mention.start : mention.end]
            mention.key = f"nominal:{mtype}:{word.id}:{mention.country}:{mention.org}"
            found.append(mention)
            i = tail_end
        return found

    def _institution_at(self, toks: list[Token], at: int, s_last: int, ents: list[Entity]) -> int | None:
        """The end of an institution's role phrase starting at ``at`` with what names its state
        ("governo israeliano", "ministero della Difesa", "governo di Kiev"), when a role word's
        genitive leads to one: the role phrase and the institution are one mention."""
        if self.rules.head_last or at >= s_last:
            return None
        inner = self._role_starting(toks[at:s_last], 0)
        if inner is None or toks[at].text.lower() not in self.institutions:
            return None
        end = at + inner[0]
        demonym = self.kb.state_by_demonym(toks[end].text, self.lang) if end < s_last else None
        if demonym is not None and toks[end].text[:1].islower():
            return end + 1
        if end + 1 < s_last and _norm(toks[end].text) in self.genitive:
            ent = next((e for e in ents if e.start == toks[end + 1].start and e.label == "LOC"), None)
            if ent is not None:
                return _last_token(toks, ent.end, end + 1) + 1
        return end

    def _capitalised_demonym(self, tok: Token) -> str | None:
        """The state of a demonym written with a capital ("Ukrainian", "American"), as English
        writes them before the noun; not a state's own name ("Georgia")."""
        if not tok.text[:1].isupper() or self.kb.state_by_name(tok.text, self.lang) is not None:
            return None
        hit = self.kb.state_by_demonym(tok.text, self.lang)
        return hit.state.alpha3 if hit is not None and not hit.ambiguous else None

    def _demonym_before_role(self, doc: Document, ent: Entity, tok_index: dict[int, int]) -> bool:
        """An entity that is a capitalised demonym followed by a role phrase, alone ("Ukrainian"
        before "troops") or with it ("Palestinian security forces", "Russian aviation
        authorities")."""
        i = tok_index.get(ent.start)
        toks = doc.tokens
        if i is None or i + 1 >= len(toks) or self._capitalised_demonym(toks[i]) is None:
            return False
        at = self._role_after_demonym(toks, i, len(toks))
        role = None if at is None else self._role_starting(toks[at : at + MAX_ROLE_WORDS], 0)
        if at is None or role is None:
            return False
        return toks[i].end == ent.end or toks[at + role[0] - 1].end == ent.end

    def _role_after_demonym(self, toks: list[Token], i: int, s_last: int) -> int | None:
        """The index of the role word after a capitalised demonym at ``i``, right after it or
        after up to two lower-case modifiers ("Russian aviation authorities")."""
        for at in range(i + 1, min(s_last, i + 4)):
            if self._role_starting(toks[at:s_last], 0) is not None:
                return at
            if not (toks[at].text.isalpha() and toks[at].text.islower()):
                return None
        return None

    def _name_before_role(
        self, doc: Document, ent: Entity, tok_index: dict[int, int]
    ) -> tuple[int, int, str | None, str | None] | None:
        """English names before a role phrase, possessive or not: "U.S. officials", "Russia's
        Defense Ministry", "Wagner fighters" -> (role word index, name's first token, country,
        org); the role phrase is the actor, the name says whose."""
        first = tok_index.get(ent.start)
        if first is None:
            return None
        toks = doc.tokens
        j = _last_token(toks, ent.end, first) + 1
        if j < len(toks) and _norm(toks[j].text) in self.genitive:
            j += 1  # "Russia's"
        if j >= len(toks) or self._role_starting(toks[j : j + MAX_ROLE_WORDS], 0) is None:
            return None
        state = self.kb.state_by_name(ent.text, self.lang)
        if state is not None and not state.ambiguous:
            return j, first, state.entry.alpha3, None
        org = self.kb.org_by_name(ent.text, self.lang)
        if org is not None and not org.ambiguous and org.entry.type != "other":
            return j, first, org.entry.country, org.entry.id
        if ent.label in {"LOC", "ORG"} and j > first and _norm(toks[j - 1].text) in self.genitive:
            country = self._country_of_place(ent.text, city=True)  # "Gaza's health ministry"
            if country is not None:
                return j, first, country, None
        return None

    def _name_in_role_span(
        self, doc: Document, ent: Entity, tok_index: dict[int, int]
    ) -> tuple[int, int, str | None, str | None] | None:
        """An organisation span no base knows that is a name and a role phrase ("U.S.
        officials", "Gaza's health ministry" tagged as one): read as the name before the role."""
        first = tok_index.get(ent.start)
        if first is None or ent.label != "ORG" or self.kb.org_by_name(ent.text, self.lang) is not None:
            return None
        toks = doc.tokens
        for k in range(first + 1, _last_token(toks, ent.end, first) + 1):
            end = k - 1 if _norm(toks[k - 1].text) not in self.genitive else k - 2  # "Gaza's"
            if end < first:
                continue
            text = doc.text[ent.start : toks[end].end]
            found = self._name_before_role(
                doc, Entity(start=ent.start, end=toks[end].end, text=text, label="ORG"), tok_index
            )
            if found is not None:
                return found
        return None

    def _demonym_group(self, toks: list[Token], i: int, s_first: int) -> Mention | None:
        tok = toks[i]
        if tok.text[:1].isupper() or self._number(toks, i, s_first) != "pl":
            return None
        demonym = self.kb.state_by_demonym(tok.text, self.lang)
        if demonym is None or demonym.ambiguous or demonym.number != "pl":
            return None
        if self.kb.sector_of(tok.text, self.lang) is not None:
            return None  # a role word first ("i sauditi" stays a people, "i militari" a role)
        alpha3 = demonym.state.alpha3
        return Mention(
            tok.start,
            tok.end,
            "group",
            tok.text,
            f"nominal:group:people:{alpha3}:None",
            country=alpha3,
            explicit={"country"},
        )

    def _heads_phrase(self, toks: list[Token], i: int, s_first: int) -> bool:
        """A role word starts an actor phrase after a determiner, a number or a preposition,
        or at the start of a sentence (possessives and pre-nominal adjectives between them:
        "le proprie truppe"); after a noun it is an adjective ("una risoluzione parlamentare",
        "personale militare")."""
        j = self._before_premodifiers(toks, i, s_first)
        if j < s_first:
            return True
        if self.rules.head_last and self._phrase_ends_after_role(toks, i):
            return True  # "where police fired", "a huge crowd in", "to cheering residents,"
        prev = _norm(toks[j].text)
        if (
            self._plural(toks[i])
            and prev not in self.copulas
            and (self._looks_verb(toks[j]) or prev in {"e", "ed", "o", "and", "or"})
        ):
            return True  # a bare plural object or a coordinated one: "ha inviato truppe", "agenti e"
        return (
            prev in self.singular
            or prev in self.plural
            or prev in self.genitive
            or prev in self.locative
            or prev in self.prepositions
            or self._numeral(prev)
            or not prev[:1].isalnum()
        )

    def _plural(self, tok: Token) -> bool:
        """A plural noun by its ending ("civili"), or by its ending and its lemma's ("truppe" of
        "truppa")."""
        low = tok.text.lower()
        if low.endswith(self.plural_endings):
            return True
        lemma = tok.lemma.lower()
        return lemma != low and any(
            low.endswith(pl) and lemma.endswith(sg) for pl, sg in self.rules.plural_of_lemma.items()
        )

    def _phrase_ends_after_role(self, toks: list[Token], i: int) -> bool:
        """Head-last languages: the role phrase starting at ``i`` is followed by what cannot go
        on with a noun phrase (punctuation, a function word, an auxiliary, a past tense), so its
        last word is a head whatever adjectives came before ("police fired" but not "police
        station")."""
        role = self._role_starting(toks[i : i + MAX_ROLE_WORDS], 0)
        if role is None:
            return False
        k = i + role[0]
        if k >= len(toks):
            return True
        nxt = toks[k]
        low = _norm(nxt.text)
        return (
            not nxt.text[:1].isalnum()
            or low in self.phrase_enders
            or low in self.locative
            or low in self.prepositions
            or low in self.genitive
            or (nxt.text[:1].islower() and low.endswith(self.past_endings))
        )

    def _before_premodifiers(self, toks: list[Token], i: int, s_first: int) -> int:
        """The index of the word before a role word and the premodifiers in front of it
        (``s_first - 1`` at the start of the sentence)."""
        j = i - 1
        while j >= s_first and _norm(toks[j].text) in self.premodifiers:
            j -= 1
        return j

    def _numeral(self, word: str) -> bool:
        """'36', '1.200', 'novecento', 'ottomila': a number, which counts a plural."""
        digits = word.replace(".", "").replace(",", "")
        return digits.isdigit() or (bool(self.numeral_endings) and word.endswith(self.numeral_endings))

    def _number(self, toks: list[Token], i: int, s_first: int) -> Literal["sg", "pl"] | None:
        j = self._before_premodifiers(toks, i, s_first)
        if j >= s_first:
            prev = _norm(toks[j].text)
            if prev in self.plural or (self._numeral(prev) and prev not in self.singular):
                return "pl"
            if prev in self.singular:
                return "sg"
            if prev in self.genitive and j > s_first and _norm(toks[j - 1].text) in self.quantity_nouns:
                return "pl"  # "migliaia di siriani"
        return None

    # -- what the knowledge base and the article as a whole say -----------------------------------
    def _known_people(self, doc: Document, mentions: list[Mention]) -> None:
        """People of the knowledge base take its role on the article's date ("Recep Tayyip
        Erdogan": TUR, GOV; "Yoav Gallant" after his dismissal: ISR, former official), for the
        fields the text does not state. A bare surname is looked up only when the article does
        not give a fuller name with it."""
        full_surnames = {
            _slug(m.surname) for m in mentions if m.type == "person" and m.surname and " " in m.name.strip()
        }
        for m in mentions:
            if m.type != "person" or not m.surname:
                continue
            name = m.name.strip()
            hit = self.kb.person_by_name(name, self.lang)
            if hit is None and " " not in name and _slug(m.surname) not in full_surnames:
                hit = self.kb.person_by_short_name(name, self.lang)
            if hit is None or hit.ambiguous:
                continue
            m.person_id = hit.entry.id
            office, held = hit.entry.office_at(doc.published)
            if m.explicit & {"org", "country"}:
                # the text says whom they act for; the knowledge base only completes that reading
                # (not with a finer body: "il capo militare di Hamas" is of Hamas, whatever
                # brigade the base lists)
                if m.org is not None and m.org == office.org and m.country is None:
                    m.country = office.country
                continue
            if not held and office.start and doc.published and office.start > doc.published:
                # a role taken up after the article: it tells the person's country at most
                if office.country and m.country is None and "country" not in m.explicit:
                    m.country = office.country
                continue
            if not held or m.sector == "ELI":
                # a former holder is still read as of the body of the last office: "ex ministro
                # della Difesa Yoav Gallant" is Israeli; the late leader of Isis is of Isis
                m.country = office.country or (
                    self.kb.organisations[office.org].country if office.org else None
                )
                m.org = office.org
                m.sector, m.role = "ELI", f"former {office.role}"
                continue
            m.country, m.org = office.country, office.org
            m.sector = office.sector[:3] if office.sector else None
            m.role = office.role

    def _countries_of_orgs(self, mentions: list[Mention]) -> None:
        """People and groups acting for an organisation with a home country (a party, an armed
        group, a company) take its country: "Matteo Salvini" of the Lega is Italian."""
        for m in mentions:
            if m.type in {"person", "group"} and m.org and m.country is None:
                org = self.kb.organisation(m.org)
                if org is not None and org.type != "igo":
                    m.country = org.country

    def _roles_of_named_bodies(self, mentions: list[Mention]) -> None:
        """People named by a role alone that act for a body the article names, of no one state:
        judges and prosecutors of the one international court named before them ("secondo i
        giudici" after the ICC, not of the dateline's country); peacekeepers of the one mission
        of an international organisation it names, whatever their nationality ("due caschi blu
        indonesiani … la missione Unifil")."""

        def bodies(kind: Callable[[Organisation], bool]) -> list[tuple[int, str]]:
            return [
                (x.start, x.org)
                for x in mentions
                if x.type == "igo"
                and x.org
                and (org := self.kb.organisation(x.org)) is not None
                and kind(org)
            ]

        courts = bodies(lambda org: org.sector.startswith("JUD"))
        missions = bodies(lambda org: org.parent is not None)
        for m in mentions:
            if m.surname or m.org:
                continue
            if m.type in {"group", "person"} and m.sector == "JUD" and "country" not in m.explicit:
                candidates = {org for start, org in courts if start < m.start}
            elif m.type == "group" and m.role == PEACEKEEPERS:
                candidates = {org for _, org in missions}
            else:
                continue
            if len(candidates) == 1:
                m.org, m.country = candidates.pop(), None
                m.explicit |= {"org", "country"}
                _rekey(m)

    def _settle_ambiguous_affiliations(self, doc: Document, mentions: list[Mention]) -> None:
        """An ambiguous name in a role phrase is not read as the body the role is of ("presidente
        della Repubblica" is the head of state, not the newspaper's), unless the article names
        one of the bodies it may be: "il direttore generale di Rsf" after "Reporter senza
        frontiere"."""
        bodies = [x for x in mentions if x.org and x.type not in {"person", "group"}]
        if not bodies:
            return
        for m in mentions:
            if m.type not in {"person", "group"} or m.org or m.role is None or "country" in m.explicit:
                continue
            # named elsewhere, not by the very words of this role phrase
            named = {x.org for x in bodies if not (m.start <= x.start < m.end)}
            for e in doc.entities:
                if not (m.start <= e.start and e.end <= m.end):
                    continue  # (any label: the model may take "Rsf" for a person)
                hit = self.kb.org_by_name(e.text, self.lang)
                if hit is None or not hit.ambiguous:
                    continue
                ids = [c.id for c in hit.candidates if c.id in named]
                if len(ids) == 1:
                    org = self.kb.organisations[ids[0]]
                    m.org = org.id
                    m.explicit.add("org")
                    if m.role_of_org:
                        m.sector = org.sector[:3]
                    break

    def _possessed_groups(self, doc: Document, mentions: list[Mention], index: dict[int, int]) -> None:
        """'Prigozhin ha ordinato ai suoi uomini', 'Israele … le proprie truppe': a group after a
        possessive is of the person or body named last before it in the sentence: its
        organisation and country."""
        if not self.possessives:
            return
        # a surname stands for the full name that carries it ("Prigozhin" after "Evgeny Prigozhin")
        full: dict[str, Mention] = {}
        for x in mentions:
            if x.type == "person" and x.surname and " " in x.name.strip() and (x.org or x.country):
                full.setdefault(_slug(x.surname), x)

        def known(x: Mention) -> Mention | None:
            if x.type == "person" and x.surname and not (x.org or x.country):
                return full.get(_slug(x.surname))
            return x if (x.org or x.country) else None

        for m in mentions:
            if m.type != "group" or m.org or "country" in m.explicit:
                continue
            i = index.get(m.start)
            if i is None or i == 0 or _norm(doc.tokens[i - 1].text) not in self.possessives:
                continue
            sentence = sentence_at(doc, m.start)
            if sentence is None:
                continue
            owner = next(
                (
                    known(x)
                    for x in sorted(mentions, key=lambda x: x.start, reverse=True)
                    if sentence.start <= x.start < m.start
                    and known(x) is not None
                    and (x.type != "person" or x.surname)
                    and not (x.type == "group" and x.key.startswith("nominal:"))  # a named body, not a role
                    and not self._after_preposition(doc, index.get(x.start))
                ),
                None,
            )
            if owner is not None:
                m.org = owner.org if owner.type != "state" else None
                m.country = owner.country
                m.explicit |= {"country", "org"}
                _rekey(m)  # its own actor, not the other "uomini"

    def _after_preposition(self, doc: Document, i: int | None) -> bool:
        """Whether the phrase at token ``i`` is governed by a preposition (articles skipped):
        "la mediazione di Lukashenko", "ai militari dell'Onu" are not a clause's subject."""
        if i is None:
            return True
        j = i - 1
        while j >= 0 and _norm(doc.tokens[j].text) in self.articles:
            j -= 1
        if j < 0:
            return False
        prev = _norm(doc.tokens[j].text)
        return (
            prev in self.genitive or prev in self.locative or prev in self.prepositions or prev in self.dative
        )

    def _filed_abroad(self, doc: Document) -> bool:
        """A dateline in another country than the press's own: a correspondent's story, whose
        bare titles ("il procuratore generale") are of that country."""
        if doc.dateline is None or doc.dateline.place is None:
            return False
        country = self._country_of_place(doc.dateline.place.text, city=True)
        return country is not None and country != self.rules.home_country

    def focus_country(self, doc: Document, states: list[str]) -> str | None:
        """The country the article is about: its dateline's (weighing five), the states acting
        (``states``: one country per mention), and the states, capitals and demonyms it names,
        the press's home country breaking ties. The actors stage gives it to the people and
        bodies the text leaves without a country, the places stage to places no gazetteer
        lists."""
        counts: Counter[str] = Counter(states)
        if self.rules.home_country:
            counts[self.rules.home_country] += 1
        for e in doc.entities:
            if e.label == "LOC":
                country = self._country_of_place(e.text)
                if country:
                    counts[country] += 1
        for tok in doc.tokens:
            if tok.text[:1].islower():
                demonym = self.kb.state_by_demonym(tok.text, self.lang)
                if demonym is not None and not demonym.ambiguous:
                    counts[demonym.state.alpha3] += 1
            elif (alpha3 := self._capitalised_demonym(tok)) is not None:
                counts[alpha3] += 1  # "Bangladeshi", as English writes them
        if doc.dateline is not None and doc.dateline.place is not None:
            country = self._country_of_place(doc.dateline.place.text, city=True)
            if country:
                counts[country] += 5
        return leading_country(counts, self.rules.home_country)

    def _country_of_place(self, text: str, city: bool = False) -> str | None:
        for hit in (self.kb.state_by_name(text, self.lang), self.kb.state_by_capital(text, self.lang)):
            if hit is not None and not hit.ambiguous:
                return hit.entry.alpha3
        if city:
            cities = city_index().get(city_key(text.title() if text.isupper() else text))
            if cities:
                state = self._alpha3.get(cities[0].country2)
                return state
        return None

    def _bare_title_antecedents(self, mentions: list[Mention]) -> None:
        """A bare title ("il premier", "il segretario") after a named person who holds it refers
        to that person: the nearest one before it whose role is that title (by the text or by the
        knowledge base on the article's date), or, for a title that is of a body ("il
        segretario", "il leader"), whose role is in the title's sector."""
        named: list[Mention] = []
        for m in sorted(mentions, key=lambda x: x.start):
            if m.type != "person":
                continue
            if m.surname:
                if m.role is not None:
                    named.append(m)
                continue
            if not m.key.startswith("nominal:person:") or m.role is None or m.explicit & {"country", "org"}:
                continue
            m.antecedent = next(
                (
                    p
                    for p in reversed(named)
                    if p.role == m.role or (m.role_of_org and m.sector is not None and p.sector == m.sector)
                ),
                None,
            )
            if m.antecedent is not None:
                a = m.antecedent
                m.country, m.org, m.sector, m.role = a.country, a.org, a.sector, a.role
                m.explicit |= {"country", "org"}

    def _default_person_countries(self, doc: Document, mentions: list[Mention]) -> None:
        """Who acts for a state without saying which: a government title ('il presidente Donald
        Trump') belongs to the state named just before it in the same sentence ('la strategia
        degli Stati Uniti … sotto il presidente Donald Trump'); otherwise office holders,
        institutions ('il governo', 'la Procura') and bodies of people ('i civili', 'le forze di
        sicurezza') belong to the country the article is about."""
        for m in mentions:
            if m.country or m.org or "country" in m.explicit:
                continue
            if m.type == "person" and m.surname and m.sector == "GOV":
                acting = {"state"}
            elif m.type == "group" and m.sector in _ARMED_SECTORS:
                # "Israele ha inviato truppe", "Russia's Defense Ministry said 30,000 troops": a
                # state's forces, unnamed, are those of the state acting before them
                acting = {"state", "other"}
            else:
                continue
            sentence = sentence_at(doc, m.start)
            if sentence is None:
                continue
            states = [
                x for x in mentions if x.type in acting and x.country and sentence.start <= x.start < m.start
            ]
            if states:
                m.country = states[-1].country
        computed: list[str | None] = []
        affiliated = {
            _slug(x.surname) for x in mentions if x.type == "person" and x.surname and (x.org or x.country)
        }

        def focus() -> str | None:  # computed when first needed
            if not computed:
                states = [x.country for x in mentions if x.type == "state" and x.country]
                computed.append(self.focus_country(doc, states))
            return computed[0]

        for m in mentions:
            if m.country is not None or m.org is not None or m.type not in {"person", "other", "group"}:
                continue
            if "country" in m.explicit:
                continue  # the text says it is of no one state
            if m.type == "other" and (m.role is None or m.sector not in _STATE_SECTORS | {"ELI"}):
                continue
            if m.type == "person" and (
                # a person named with no role takes the story's country, unless another mention
                # of the same surname says whom they act for ("al-Baghdadi" after "il leader
                # dello Stato islamico Abu Bakr al-Baghdadi")
                (
                    m.role is None
                    and (m.person_id is not None or not m.surname or _slug(m.surname) in affiliated)
                )
                or (m.role is not None and (m.sector in _PRIVATE_SECTORS or m.sector is None))
                or _norm(m.name) in self.placeless
            ):
                continue
            if m.type == "group" and (
                m.sector is None or m.sector in _PRIVATE_SECTORS or _norm(m.name) in self.placeless
            ):
                continue
            if m.surname and m.title_words > 1 and self.rules.home_country and not self._filed_abroad(doc):
                # "il ministro degli Esteri Luigi Di Maio": the press names a foreign office
                # holder's country ("il ministro degli Esteri russo") and leaves its own implicit,
                # except in a story filed from abroad ("CARACAS – Il procuratore generale …");
                # a bare title ("il presidente Mohamed Bazoum") belongs to the story's country
                m.country = self.rules.home_country
                continue
            m.country = focus()
        for m in mentions:
            if m.type == "state" and m.country is None:  # "lo Stato"
                alpha3 = focus()
                state = self.kb.states.get(alpha3) if alpha3 else None
                if state is not None:
                    m.country, m.key, m.name = state.alpha3, f"state:{state.alpha3}", state.name(self.lang)
                    m.explicit.add("country")


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
    for m in mentions:
        if m.antecedent is not None:  # "il premier": one of the named person's mentions
            m.key = m.antecedent.key
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
            name = _person_name([m for m in group if m.surname] or group)
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


def sentence_at(doc: Document, pos: int) -> Sentence | None:
    """The sentence a character offset falls in."""
    return next((s for s in doc.sentences if s.start <= pos <= s.end), None)


def _rekey(m: Mention) -> None:
    """A role mention's grouping key after its country or organisation changed."""
    if m.key.startswith("nominal:"):
        m.key = ":".join([*m.key.split(":")[:3], str(m.country), str(m.org)])


def _verb_form(tok: Token) -> bool:
    """An inflected form whose lemma is an (Italian) infinitive: "deciso" of "decidere"."""
    lemma = tok.lemma.lower()
    return lemma != tok.text.lower() and lemma.endswith(("are", "ere", "ire", "rre"))


def _adopt(m: Mention, resolved: Mention) -> None:
    """A mention takes the identity of the organisation it was resolved to, keeping its span."""
    m.type, m.key, m.country, m.org = resolved.type, resolved.key, resolved.country, resolved.org
    m.sector, m.explicit = resolved.sector, resolved.explicit


def _person_name(group: list[Mention]) -> str:
    names = [m.name for m in group]
    return max(names, key=lambda n: (len(n.split()), len(n)))


def _norm(text: str) -> str:
    return text.lower().replace("’", "'")


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def leading_country(counts: Counter[str], home: str | None) -> str | None:
    """The most counted country, the press's home country winning a tie."""
    if not counts:
        return home
    best = max(counts.values())
    leaders = [c for c, n in counts.items() if n == best]
    return home if home in leaders else leaders[0]


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
