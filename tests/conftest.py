"""Shared fixtures. Pipelines take seconds to load, so they are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import cronaca
from cronaca.model import Document
from cronaca.pipeline.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "nato-soleimani.it.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.fail(f"the sample article is missing: {SAMPLE} (../shared/ must sit beside the repo)")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp_it() -> Pipeline:
    nlp = cronaca.load("it")
    assert isinstance(nlp, Pipeline)
    return nlp


@pytest.fixture(scope="session")
def sample_doc(nlp_it: Pipeline, sample_text: str) -> Document:
    return nlp_it(sample_text, published="2020-01-06")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The sample article's path, for tests that read it as a file (the command line)."""
    if not SAMPLE.exists():
        pytest.fail(f"the sample article is missing: {SAMPLE} (../shared/ must sit beside the repo)")
    return SAMPLE


# -- pipelines for the stage and property tests ------------------------------------------------


@pytest.fixture(scope="session")
def nlp_it_any() -> Pipeline:
    """The Italian pipeline without the language check: for short or random text."""
    nlp = cronaca.load("it", lang_check=False)
    assert isinstance(nlp, Pipeline)
    return nlp


@pytest.fixture(scope="session")
def nlp_en_any() -> Pipeline:
    """The English pipeline without the language check: for short or random text."""
    nlp = cronaca.load("en", lang_check=False)
    assert isinstance(nlp, Pipeline)
    return nlp


@pytest.fixture(scope="session")
def nlp_it_fast() -> Pipeline:
    """The Italian ``fast`` profile (rule-based entities), without the language check."""
    nlp = cronaca.load("it", lang_check=False, profile="fast")
    assert isinstance(nlp, Pipeline)
    return nlp


@pytest.fixture(scope="session")
def nlp_en_fast() -> Pipeline:
    """The English ``fast`` profile (rule-based entities), without the language check."""
    nlp = cronaca.load("en", lang_check=False, profile="fast")
    assert isinstance(nlp, Pipeline)
    return nlp
