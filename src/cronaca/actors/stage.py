"""The ``actors`` stage: every actor mention resolved to a canonical actor (see resolve.py)."""

from __future__ import annotations

from functools import cache

from cronaca.actors.kb import KnowledgeBase
from cronaca.actors.resolve import Resolver
from cronaca.actors.rules import ActorRules
from cronaca.lang import Language
from cronaca.model import Document
from cronaca.pipeline.stage import Stage, register_stage


@cache
def knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process (it is read-only)."""
    return KnowledgeBase()


_RESOLVERS: dict[tuple[str, int], Resolver] = {}


def resolver_for(language: Language) -> Resolver:
    """One resolver per language data and process, shared by the actors and places stages (it
    holds no state between documents; building it indexes the whole knowledge base). Keyed by
    the loaded rules object, which the resolver keeps alive: reloaded data gets a new one."""
    rules = language.data("actors", ActorRules)
    key = (language.code, id(rules))
    if key not in _RESOLVERS:
        _RESOLVERS[key] = Resolver(knowledge_base(), rules, language.code)
    return _RESOLVERS[key]


@register_stage("actors")
class ActorsStage(Stage):
    name = "actors"
    requires = frozenset({"tokens", "sentences", "entities"})
    assigns = frozenset({"actors"})

    def __init__(self, language: Language) -> None:
        self.resolver = resolver_for(language)

    def __call__(self, doc: Document) -> Document:
        doc.actors, _ = self.resolver.resolve(doc)
        return doc
