"""The Python API's error behaviour: InputRejected for bad input, ConfigError for bad setup."""

from __future__ import annotations

import pytest

import cronaca
from cronaca.model import RejectCode
from cronaca.pipeline.pipeline import Pipeline


def test_empty_text_raises_input_rejected(nlp_it: Pipeline) -> None:
    with pytest.raises(cronaca.InputRejected) as info:
        nlp_it("   \n\t ")
    assert info.value.code is RejectCode.EMPTY


def test_too_large_text_raises(nlp_it: Pipeline) -> None:
    small = cronaca.load("it", max_chars=50)
    with pytest.raises(cronaca.InputRejected) as info:
        small("Il governo italiano ha approvato la legge di bilancio per il prossimo anno.")
    assert info.value.code is RejectCode.TOO_LARGE
    assert "--max-chars" in info.value.reason


def test_bad_published_date_raises(nlp_it: Pipeline) -> None:
    with pytest.raises(cronaca.InputRejected) as info:
        nlp_it("Il governo ha approvato la legge.", published="06/01/2020")
    assert info.value.code is RejectCode.BAD_DATE


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(cronaca.ConfigError, match="not supported"):
        cronaca.load("xx")
