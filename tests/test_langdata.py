"""Language data: every ``lang/<code>/*.yaml`` is used by a stage and validates against the model
that stage asks for; a broken file fails at load time with a ConfigError naming it."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

import cronaca
import cronaca.lang
from cronaca import ConfigError, yamlio
from cronaca.lang import PROFILES, Language, supported_languages
from cronaca.nlp import contractions, syntax
from cronaca.nlp.entities import EntityRules
from cronaca.pipeline.stage import make_stage, registered_stages

LANG_ROOT = Path(str(resources.files("cronaca.lang")))


@pytest.fixture(scope="module")
def data_models() -> dict[tuple[str, str], type[BaseModel]]:
    """Which file each language's stages load, and the model it must fit: recorded by building
    every stage of every language (so a new stage and its data file are covered without
    listing them here)."""
    seen: dict[tuple[str, str], type[BaseModel]] = {}
    original = Language.data

    def spy(self: Language, name: str, model: Any) -> Any:
        seen[(self.code, name)] = model
        return original(self, name, model)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Language, "data", spy)
        for code in supported_languages():
            language = Language(code)
            seen[(code, "language")] = type(language.config)
            for profile in PROFILES:
                for spec in language.config.stages_for(profile):
                    make_stage(spec.name, language, dict(spec.config))
            # read by the model stages when their model was trained on syntactic words, and by
            # the syntax stage's lemmatizer (the stage itself needs its trained model)
            contractions.for_language(language)
            if (LANG_ROOT / code / "lemmas.yaml").is_file():
                syntax.Lemmatizer(language)
    return seen


def test_languages_are_found() -> None:
    assert set(supported_languages()) >= {"it", "en"}
    assert supported_languages() == tuple(sorted(supported_languages()))


@pytest.mark.parametrize("code", supported_languages())
def test_language_config(code: str) -> None:
    language = Language(code)
    assert language.config.code == code
    listed = [s.name for s in language.config.stages]
    assert len(listed) == len(set(listed)), "a stage is listed twice"
    assert set(listed) <= set(registered_stages())
    names = [s.name for s in language.config.stages_for("default")]
    assert names.index("tokenizer") < names.index("ner") < names.index("actors")
    fast = [s.name for s in language.config.stages_for("fast")]
    assert fast == [("entities" if n == "ner" else n) for n in names], "fast swaps the model for rules"
    full = [s.name for s in language.config.stages_for("full")]
    assert [n for n in full if n in names] == names, "full runs the default stages and more"
    if "syntax" in full:
        assert "syntax" not in names, "the parser is too slow for the default profile"
        assert full.index("syntax") < full.index("actors"), "actors read the parts of speech"


def test_a_profile_swaps_a_stage_for_a_name_or_for_a_configured_stage() -> None:
    config = cronaca.lang.LanguageConfig.model_validate(
        {
            "code": "xx",
            "name": "Test",
            "spacy": "xx",
            "stages": [{"name": "tokenizer"}, {"name": "ner", "config": {"model": "small"}}],
            "profiles": {
                "fast": {"ner": "entities"},
                "full": {"ner": {"name": "ner", "config": {"model": "big"}}},
            },
        }
    )
    assert [(s.name, s.config) for s in config.stages_for("default")][1] == ("ner", {"model": "small"})
    assert [(s.name, s.config) for s in config.stages_for("fast")][1] == ("entities", {})
    assert [(s.name, s.config) for s in config.stages_for("full")][1] == ("ner", {"model": "big"})


@pytest.mark.parametrize(
    "path", sorted(LANG_ROOT.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_file_is_used_and_valid(
    path: Path, data_models: dict[tuple[str, str], type[BaseModel]]
) -> None:
    code, name = path.parent.name, path.stem
    model = data_models.get((code, name))
    assert model is not None, f"lang/{code}/{path.name} is not read by any stage of the {code!r} pipeline"
    raw = yamlio.load(path.read_text(encoding="utf-8"))
    model.model_validate(raw)  # the same check the loader does, on a fresh read


@pytest.mark.parametrize(
    "path", sorted(LANG_ROOT.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_no_list_repeats_an_entry(path: Path) -> None:
    def lists(value: object, where: str) -> Iterator[tuple[str, list[Any]]]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from lists(item, f"{where}.{key}")
        elif isinstance(value, list):
            yield where, value
            for item in value:
                yield from lists(item, f"{where}[]")

    for where, items in lists(yamlio.load(path.read_text(encoding="utf-8")), path.stem):
        keys = [repr(i) for i in items]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        assert not repeated, f"{where} repeats {repeated}"


# -- broken data -------------------------------------------------------------------------------------

GOOD_ENTITIES = {
    "connectors": ["di", "del"],
    "org_heads": ["Ministero"],
    "organisations": ["Nato"],
    "places": ["Medio Oriente"],
    "titles": ["presidente"],
    "not_names": ["Stato"],
}


class _Root:
    """Stands in for ``importlib.resources`` in :mod:`cronaca.lang`: language folders in a tmp dir."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def files(self, package: str) -> Path:
        return self.root


@pytest.fixture
def lang_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A language folder ``zz`` (Italian tokens and lemmas) whose files a test can break."""
    folder = tmp_path / "zz"
    folder.mkdir()
    _write(
        folder / "language.yaml",
        {
            "code": "zz",
            "name": "Test",
            "spacy": "it",
            "stages": [{"name": "tokenizer"}, {"name": "entities"}],
        },
    )
    _write(folder / "tokenizer.yaml", {"abbreviations": ["sig."]})
    _write(folder / "entities.yaml", GOOD_ENTITIES)
    monkeypatch.setattr(cronaca.lang, "resources", _Root(tmp_path))
    _clear_caches()
    yield folder
    monkeypatch.undo()
    _clear_caches()


def _clear_caches() -> None:
    cronaca.lang.supported_languages.cache_clear()
    cronaca.lang._load.cache_clear()


def _write(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_test_language_loads(lang_dir: Path) -> None:
    assert supported_languages() == ("zz",)
    rules = Language("zz").data("entities", EntityRules)
    assert rules.connectors == ["di", "del"]


_REST = yaml.safe_dump({k: v for k, v in GOOD_ENTITIES.items() if k != "connectors"})


def test_yaml_on_and_no_are_words_not_booleans() -> None:
    # YAML 1.1 reads a bare on/off/yes/no as a boolean: the bug that twice broke English data.
    assert yamlio.load("[on, off, yes, no, true, false]") == ["on", "off", "yes", "no", True, False]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("connectors: [di, del, 42]\n" + _REST, "connectors.2"),  # not a string
        ("connectors: [di, del, true]\n" + _REST, "connectors.2"),
        ("connectors: [di, del]\n", "org_heads"),  # required lists missing
        (yaml.safe_dump(GOOD_ENTITIES) + "titels: [presidente]\n", "titels"),  # misspelt, not ignored
        ("connectors: [di, del\n", "while parsing"),  # not YAML at all
        ("- just\n- a list\n", "EntityRules"),
    ],
)
def test_invalid_entities_file_names_the_file(lang_dir: Path, content: str, problem: str) -> None:
    (lang_dir / "entities.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Language("zz").data("entities", EntityRules)
    message = str(info.value)
    assert "invalid language data lang/zz/entities.yaml" in message
    assert problem in message


def test_invalid_data_fails_the_pipeline_build(lang_dir: Path) -> None:
    """Building the pipeline fails on a broken file, before any article is read."""
    (lang_dir / "entities.yaml").write_text("connectors: [di, 42]\n" + _REST, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"invalid language data lang/zz/entities\.yaml"):
        cronaca.load("zz")


def test_a_language_unknown_to_cldr_is_a_config_error(lang_dir: Path) -> None:
    with pytest.raises(ConfigError, match="no country names for language 'zz'"):
        cronaca.load("zz")


def test_missing_file_is_named(lang_dir: Path) -> None:
    (lang_dir / "tokenizer.yaml").unlink()
    with pytest.raises(ConfigError, match=r"missing language data file lang/zz/tokenizer\.yaml"):
        cronaca.load("zz")


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ({"code": "xx", "name": "T", "spacy": "it", "stages": []}, "declares code 'xx'"),
        (
            {"code": "zz", "name": "T", "spacy": "it", "stages": [{"name": "parser"}]},
            "unknown stage 'parser'",
        ),
        (
            {
                "code": "zz",
                "name": "T",
                "spacy": "it",
                "stages": [{"name": "tokenizer", "config": {"bad": 1}}],
            },
            "bad configuration for stage 'tokenizer'",
        ),
        ({"code": "zz", "name": "T", "spacy": "it", "stages": [{"name": "entities"}]}, "'entities' requires"),
        ({"code": "zz", "name": "T", "stages": []}, "lang/zz/language.yaml"),
    ],
)
def test_invalid_language_file(lang_dir: Path, config: dict[str, Any], problem: str) -> None:
    _write(lang_dir / "language.yaml", config)
    with pytest.raises(ConfigError, match=problem):
        cronaca.load("zz")
