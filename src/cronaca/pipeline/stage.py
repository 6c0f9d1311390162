"""The one stage interface, and the one registry of stage factories.

A stage is a callable ``Document -> Document`` that declares which document fields it
``requires`` and which it ``assigns`` (like a spaCy component). The pipeline checks these when
it is built. Stages with a faster batched path override :meth:`Stage.pipe`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from cronaca.errors import ConfigError
from cronaca.model import Document

if TYPE_CHECKING:
    from cronaca.lang import Language

BASE_FIELDS = frozenset(
    {"id", "lang", "published", "title", "source", "url", "text", "external_id", "origin"}
)
"""Fields every document has before any stage runs."""


class Stage(ABC):
    """A named pipeline stage."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def __call__(self, doc: Document) -> Document:
        """Add this stage's fields to ``doc`` and return it."""

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        """Process a batch; override for a faster batched implementation."""
        for doc in docs:
            yield self(doc)


class Declares(Protocol):
    """What :func:`check_connections` reads: a stage, or a stage's declaration before it is built."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> frozenset[str]: ...

    @property
    def assigns(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class _Declaration:
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]


StageFactory = Callable[..., Stage]
_FACTORIES: dict[str, StageFactory] = {}


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a factory ``(language, **config) -> Stage`` under ``name``."""

    def decorate(factory: StageFactory) -> StageFactory:
        if name in _FACTORIES and _FACTORIES[name] is not factory:
            raise ConfigError(f"a stage named {name!r} is already registered")
        _FACTORIES[name] = factory
        return factory

    return decorate


def registered_stages() -> list[str]:
    _import_builtin_stages()
    return sorted(_FACTORIES)


def make_stage(name: str, language: Language, config: dict[str, Any]) -> Stage:
    _check_registered(name, language.code)
    try:
        return _FACTORIES[name](language, **config)
    except TypeError as exc:
        raise ConfigError(f"bad configuration for stage {name!r}: {exc}") from exc


def check_stage_names(names: Iterable[str], lang: str) -> None:
    """Check a pipeline's stages before any is built (building loads models and data, which
    takes seconds): each is registered and, where its factory declares its fields (a
    :class:`Stage` subclass does), they connect."""
    declarations: list[Declares] = []
    for name in names:
        _check_registered(name, lang)
        factory = _FACTORIES[name]
        requires, assigns = getattr(factory, "requires", None), getattr(factory, "assigns", None)
        if not isinstance(requires, frozenset) or not isinstance(assigns, frozenset):
            return  # only known once built: the pipeline checks the built stages
        declarations.append(_Declaration(name, requires, assigns))
    check_connections(declarations)


def _check_registered(name: str, lang: str) -> None:
    _import_builtin_stages()
    if name not in _FACTORIES:
        raise ConfigError(
            f"unknown stage {name!r} in the {lang!r} pipeline; "
            f"registered stages: {', '.join(sorted(_FACTORIES))}"
        )


def check_connections(stages: Iterable[Declares]) -> None:
    """Fail early, with a fix, when a stage needs a field that no earlier stage assigns."""
    available = set(BASE_FIELDS)
    seen: list[str] = []
    for stage in stages:
        missing = stage.requires - available
        if missing:
            providers = [
                name
                for name in registered_stages()
                if missing & getattr(_FACTORIES[name], "assigns", frozenset())
            ]
            hint = f"; add {' or '.join(repr(p) for p in providers)} before it" if providers else ""
            raise ConfigError(
                f"stage {stage.name!r} requires {', '.join(sorted(missing))}, which no earlier "
                f"stage assigns (stages before it: {seen or 'none'}){hint}"
            )
        available |= stage.assigns
        seen.append(stage.name)


def _import_builtin_stages() -> None:
    # Importing the modules runs their @register_stage decorators.
    from cronaca.actors import stage as actors_stage  # noqa: F401
    from cronaca.nlp import dateline, entities, langid, ner, syntax, tokenize  # noqa: F401
    from cronaca.places import stage as places_stage  # noqa: F401
    from cronaca.quotes import stage as quotes_stage  # noqa: F401
    from cronaca.time import stage  # noqa: F401
