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


@register_stage("actors")
class ActorsStage(Stage):
    name = "actors"
    requires = frozenset({"tokens", "sentences", "entities"})
    assigns = frozenset({"actors"})

    def __init__(self, language: Language) -> None:
        self.resolver = Resolver(knowledge_base(), language.data("actors", ActorRules), language.code)

    def __call__(self, doc: Document) -> Document:
        doc.actors, _ = self.resolver.resolve(doc)
        return doc
