"""Languages: each is a folder of validated data files (``lang/<code>/``), no code.

``language.yaml`` names the language and lists its pipeline's stages; the other files hold the
data each stage needs, validated on load against the pydantic model the stage asks for.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cronaca import yamlio
from cronaca.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


PROFILES = ("default", "fast", "full")
"""Pipeline profiles: ``default`` (the trained models), ``fast`` (rules where a model is slow) and
``full`` (the default and the stages too slow for it, such as the syntax parser)."""


class StageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    config: dict[str, Any] = Field(default_factory=dict)
    profiles: list[str] | None = Field(
        default=None, description="Run only in these profiles (default: in every profile)."
    )

    @model_validator(mode="after")
    def _known(self) -> StageSpec:
        unknown = set(self.profiles or ()) - set(PROFILES)
        if unknown:
            raise ValueError(f"stage {self.name!r}: unknown profiles {sorted(unknown)}")
        return self


class LanguageConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[a-z]{2}$")
    name: str
    spacy: str = Field(description="spaCy language code for the tokenizer and lemma tables.")
    stages: list[StageSpec]
    profiles: dict[str, dict[str, str | StageSpec]] = Field(
        default_factory=dict,
        description="Named alternatives to the default pipeline: for each profile, the stages it "
        "replaces and their replacement, a stage name (``fast: {ner: entities}``) or a stage "
        "with its config (``full: {ner: {name: ner, config: {model: ner-it}}}``).",
    )

    @model_validator(mode="after")
    def _known_profiles(self) -> LanguageConfig:
        unknown = set(self.profiles) - set(PROFILES)
        if unknown:
            raise ValueError(f"unknown profiles {sorted(unknown)}; profiles: {', '.join(PROFILES)}")
        return self

    def stages_for(self, profile: str) -> list[StageSpec]:
        """The stages of ``profile``: the list as written, with the profile's swaps applied
        (a language without swaps for a profile runs its default stages)."""
        if profile not in PROFILES:
            raise ConfigError(f"unknown profile {profile!r}; profiles: {', '.join(PROFILES)}")
        swap = {
            name: StageSpec(name=to) if isinstance(to, str) else to
            for name, to in self.profiles.get(profile, {}).items()
        }
        return [swap.get(s.name, s) for s in self.stages if s.profiles is None or profile in s.profiles]


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
