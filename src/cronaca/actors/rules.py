"""The actors stage's language data (``lang/<code>/actors.yaml``): how a language marks places,
affiliation, number and the phrases around names. Names, demonyms and role words are in the
knowledge base (``actors/data``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
    plural_of_lemma: dict[str, str] = Field(
        default_factory=dict,
        description="Plural endings that are plural only when the lemma has the given singular "
        "ending: Italian 'truppe' of 'truppa' ({e: a}), not 'presidente' of 'presidente'.",
    )
    head_last: bool = Field(
        default=False,
        description="The head noun ends a role phrase ('health ministry', 'security forces'), as "
        "in English; Italian puts it first ('ministero della Salute', 'forze di sicurezza').",
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
    former: list[str] = Field(
        default_factory=list, description="'l'ex ministro': a role word after these is a former role."
    )
    companies: list[str] = Field(
        default_factory=list, description="Role words naming a company ('l'azienda'): typed company."
    )
    descriptors: dict[str, str] = Field(
        default_factory=dict,
        description="Common nouns that introduce an organisation's name, and the type they give "
        "it when the knowledge base does not know it: 'la ong Sea-Watch', 'il quotidiano Domani'.",
    )
    placeless: list[str] = Field(
        default_factory=list,
        description="Bodies of people not of the place they are in ('migranti', 'turisti'): "
        "no country unless the text gives one.",
    )
    dative: list[str] = Field(
        default_factory=list,
        description="Locative prepositions that before a state's name mark to whom, not where "
        "('solidarietà a Israele', 'armi all'Egitto'; one lives 'in Israele'); a capital after "
        "them is still a place ('a Roma'), and so is 'a tutta l'Italia' (see extent).",
    )
    motion_verbs: list[str] = Field(
        default_factory=list,
        description="Verb forms of going that take the place as their object ('trying to reach "
        "Ukraine', 'ha lasciato l'Italia'): a state right after them is a place.",
    )
    state_nouns: list[str] = Field(
        default_factory=list,
        description="Nouns of a state's stance or of what it gives or gets, after which a capital "
        "behind a genitive or dative preposition is the state acting ('il sostegno di "
        "Washington', 'armi ad Ankara'), not the city ('l'aeroporto di Kiev', 'arrivato a Roma').",
    )
    agent: list[str] = Field(
        default_factory=list,
        description="Prepositions that after a past participle introduce its agent, not a place: "
        "'deciso da Kiev', 'attaccati dalla Russia'.",
    )
    participle_endings: list[str] = Field(
        default_factory=list, description="Endings of past participles ('deciso' aside: lemma)."
    )
    motion: list[str] = Field(
        default_factory=list,
        description="Starts of participles of motion, after which the agent preposition is a place "
        "again: 'arrivati da Kiev', 'rientrato da Washington'.",
    )
    copulas: list[str] = Field(
        default_factory=list,
        description="Forms of 'to be': a plural after them is a predicate, not an object ('sono partiti').",
    )
    extent: list[str] = Field(
        default_factory=list,
        description="Words of extent that keep a dative preposition spatial: 'a tutta l'Italia'.",
    )
    city_locative: list[str] = Field(
        default_factory=list,
        description="Prepositions that make a capital a place, though not a state's name: "
        "'al Cairo' is where, 'all'Iran' is to whom.",
    )
    the_state: list[str] = Field(
        default_factory=list,
        description="Names of 'the State' as an actor ('lo Stato si riprenderà il quartiere'): the "
        "state of the country the article is about.",
    )
    prepositions: list[str] = Field(
        default_factory=list,
        description="Other prepositions after which a role word heads a phrase ('tra agenti e "
        "funzionari', 'contro i manifestanti'), beside the locative and genitive ones.",
    )
    phrase_enders: list[str] = Field(
        default_factory=list,
        description="Head-last languages: words that cannot go on with a noun phrase "
        "(auxiliaries, conjunctions, relatives), so the role word before them heads one.",
    )
    past_endings: list[str] = Field(
        default_factory=list, description="Head-last languages: endings of past tenses ('fired')."
    )
    articles: list[str] = Field(
        default_factory=list,
        description="Words between a preposition and a name that leave the preposition deciding: "
        "'attraverso la Bielorussia', 'a tutta l'Italia'.",
    )
    place_links: list[str] = Field(
        default_factory=list,
        description="Prepositions that, like a genitive, tie a state to a place noun before them: "
        "'al confine con l'Iraq'.",
    )
    supranational: list[str] = Field(
        default_factory=list,
        description="Adjectives of no single state after a role word ('i leader europei', "
        "'la coalizione internazionale'): the phrase has no country.",
    )
    led_by: list[str] = Field(
        default_factory=list,
        description="'Forza Italia, guidata da Antonio Tajani': words between a body and the "
        "person who leads it.",
    )
    anaphors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Common nouns that, after a definite article, name an organisation the "
        "article named before ('l'azienda', 'il tribunale'), with the kinds it can be: "
        "organisation types (company, igo, ngo, ...) or sector codes (JUD).",
    )
    definite: list[str] = Field(
        default_factory=list,
        description="Singular definite articles, alone or with a preposition: 'la', 'della'.",
    )
    premodifiers: list[str] = Field(
        default_factory=list,
        description="Words between a determiner and a role word that leave it heading the phrase: "
        "possessives and pre-nominal adjectives ('le proprie truppe', 'tre presunti scafisti').",
    )
    possessives: list[str] = Field(
        default_factory=list,
        description="Possessives before a role word, which make the group the possessor's "
        "('Prigozhin ha ordinato ai suoi uomini': Wagner's).",
    )
    numeral_endings: list[str] = Field(
        default_factory=list,
        description="Endings of number words, which count a plural ('novecento detenuti', "
        "'ottomila lavoratori'); digits always do.",
    )
    quantity_nouns: list[str] = Field(
        default_factory=list,
        description="Nouns of quantity before a genitive ('migliaia di siriani'): a plural.",
    )
