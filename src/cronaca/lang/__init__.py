"""Languages: each is a folder of validated data files (``lang/<code>/``), no code.

``language.yaml`` names the language and lists its pipeline's stages; the other files hold the
data each stage needs, validated on load against the pydantic model the stage asks for.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cronaca import yamlio
from cronaca.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class StageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    config: dict[str, Any] = Field(default_factory=dict)


class LanguageConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[a-z]{2}$")
    name: str
    spacy: str = Field(description="spaCy language code for the tokenizer and lemma tables.")
    stages: list[StageSpec]


class Language:
    """A supported language: its configuration and its validated data files."""

    def __init__(self, code: str) -> None:
        if code not in supported_languages():
            raise ConfigError(
                f"language {code!r} is not supported; supported: {', '.join(supported_languages())}"
            )
        self.code = code
        self.config = self.data("language", LanguageConfig)
        if self.config.code != code:
            raise ConfigError(f"lang/{code}/language.yaml declares code {self.config.code!r}")

    def data(self, name: str, model: type[M]) -> M:
        """Load ``lang/<code>/<name>.yaml`` and validate it against ``model``."""
        loaded: M = _load(self.code, name, model)
        return loaded

    def __repr__(self) -> str:
        return f"Language({self.code!r})"


@cache
def supported_languages() -> tuple[str, ...]:
    root = resources.files(__name__)
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("language.yaml").is_file())
    )


@cache
def _load(code: str, name: str, model: type[M]) -> M:
    path = resources.files(__name__).joinpath(code, f"{name}.yaml")
    if not path.is_file():
        raise ConfigError(f"missing language data file lang/{code}/{name}.yaml")
    try:
        raw = yamlio.load(path.read_text(encoding="utf-8"))
        return model.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"invalid language data lang/{code}/{name}.yaml:\n{exc}") from exc
