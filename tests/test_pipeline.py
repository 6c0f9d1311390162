"""The stage interface and the pipeline: connections, loading, ids, streaming, failures, routing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

import cronaca
from cronaca import ConfigError, Document, InputRejected, Rejection
from cronaca.model import Entity, RejectCode
from cronaca.pipeline.pipeline import Item, Pipeline, Result
from cronaca.pipeline.stage import BASE_FIELDS, Stage, check_connections

IT_TEXT = (
    "ROMA – Il presidente della Repubblica Sergio Mattarella ha ricevuto ieri al Quirinale il "
    "presidente del Consiglio per un colloquio sulla situazione politica e sulla legge di bilancio."
)
IT_TEXT_2 = (
    "Il ministro dell'Economia ha presentato oggi a Bruxelles il piano di riforme chiesto dalla "
    "Commissione europea, che lo esaminerà nelle prossime settimane."
)
EN_TEXT = (
    "WASHINGTON (Reuters) - The Federal Reserve held interest rates steady on Wednesday and said it "
    "would keep watching the labour market closely before deciding on any further move."
)
DE_TEXT = (
    "Der Bundeskanzler hat sich am Mittwoch in Berlin mit den Gewerkschaften getroffen, um über den "
    "Haushalt und die Zukunft der Industrie im ganzen Land zu sprechen."
)


# -- the stage interface ---------------------------------------------------------------------------


class _NeedsTokens(Stage):
    name = "needs-tokens"
    requires = frozenset({"tokens", "sentences"})
    assigns = frozenset({"entities"})

    def __call__(self, doc: Document) -> Document:
        return doc


class _GivesTokens(Stage):
    name = "gives-tokens"
    requires = frozenset({"text"})
    assigns = frozenset({"tokens", "sentences"})

    def __call__(self, doc: Document) -> Document:
        return doc


class _NeedsMetadata(Stage):
    name = "needs-metadata"
    requires = BASE_FIELDS

    def __call__(self, doc: Document) -> Document:
        return doc


class _NeedsNothingKnown(Stage):
    name = "needs-quotes"
    requires = frozenset({"tokens", "speaker_graph"})

    def __call__(self, doc: Document) -> Document:
        return doc


def test_connected_stages_pass() -> None:
    check_connections([_GivesTokens(), _NeedsTokens()])
    check_connections([_NeedsMetadata()])  # the input's fields need no stage
    check_connections([])


def test_missing_field_names_stage_field_and_provider() -> None:
    with pytest.raises(ConfigError) as info:
        check_connections([_NeedsTokens()])
    message = str(info.value)
    assert "'needs-tokens'" in message
    assert "sentences, tokens" in message
    assert "stages before it: none" in message
    assert "add 'tokenizer' before it" in message  # the registered stage that assigns them


def test_stage_order_matters() -> None:
    with pytest.raises(ConfigError, match=r"'needs-tokens'.*\['needs-metadata'\]"):
        check_connections([_NeedsMetadata(), _NeedsTokens(), _GivesTokens()])


def test_field_no_stage_assigns_gets_no_hint() -> None:
    with pytest.raises(ConfigError) as info:
        check_connections([_GivesTokens(), _NeedsNothingKnown()])
    message = str(info.value)
    assert "speaker_graph" in message
    assert "tokens," not in message  # only what is missing is named
    assert "add " not in message  # no registered stage assigns it: no false hint


def test_load_without_tokenizer_fails_early() -> None:
    with pytest.raises(ConfigError) as info:
        cronaca.load("it", exclude=["tokenizer"])
    message = str(info.value)
    assert "'ner' requires" in message
    assert "tokens" in message
    assert "'tokenizer'" in message


def test_excluding_an_unknown_stage_fails() -> None:
    with pytest.raises(ConfigError, match=r"cannot exclude.*parser"):
        cronaca.load("it", exclude=["parser"])


@pytest.mark.parametrize("code", ["xx", "de", "IT", "", "italian"])
def test_unknown_language(code: str) -> None:
    with pytest.raises(ConfigError, match="not supported; supported: en, it"):
        cronaca.load(code)


def test_bad_batch_size(nlp_it: Pipeline) -> None:
    with pytest.raises(ConfigError, match="batch_size"):
        list(nlp_it.pipe([IT_TEXT], batch_size=0))


# -- one article -------------------------------------------------------------------------------------


def test_sample_document(nlp_it: Pipeline, sample_text: str, sample_doc: Document) -> None:
    assert sample_doc.lang == "it"
    assert sample_doc.published == dt.date(2020, 1, 6)
    assert sample_doc.text == sample_text
    assert sample_doc.pipeline is not None
    assert sample_doc.pipeline.stages == nlp_it.stage_names
    assert sample_doc.offset_errors() == []
    assert sample_doc.lang_score is not None and sample_doc.lang_score > 0.5
    assert len(sample_doc.id) == 20 and all(c in "0123456789abcdef" for c in sample_doc.id)


def test_id_is_a_content_hash(nlp_it: Pipeline, sample_text: str, sample_doc: Document) -> None:
    again = nlp_it(sample_text, published="2020-01-06")
    assert again.id == sample_doc.id
    assert again.to_json_dict() == sample_doc.to_json_dict()  # deterministic
    # Metadata is not content: another date or title keeps the id.
    assert nlp_it(sample_text, published="2021-03-04", title="Titolo").id == sample_doc.id
    # Windows line ends are normalised before hashing: the same article, the same id.
    assert nlp_it(sample_text.replace("\n", "\r\n")).id == sample_doc.id
    assert nlp_it(sample_text + " Fine.").id != sample_doc.id
    assert nlp_it(IT_TEXT).id != nlp_it(IT_TEXT_2).id


def test_metadata_is_kept(nlp_it: Pipeline) -> None:
    doc = nlp_it(IT_TEXT, published=dt.date(2021, 5, 2), title="T", url="https://x.it/a", id="a-1")
    assert (doc.published, doc.title, doc.url, doc.external_id) == (
        dt.date(2021, 5, 2),
        "T",
        "https://x.it/a",
        "a-1",
    )
    record = nlp_it({"text": IT_TEXT, "published": "2021-05-02T23:30:00+02:00", "source": "ANSA"})
    assert record.published == dt.date(2021, 5, 2)  # the calendar day where it was published
    assert record.source == "ANSA"


@pytest.mark.parametrize(
    ("text", "published", "code"),
    [
        ("", None, RejectCode.EMPTY),
        (" \n\t ", None, RejectCode.EMPTY),
        (IT_TEXT, "6 gennaio 2020", RejectCode.BAD_DATE),
        (IT_TEXT, "2020-02-30", RejectCode.BAD_DATE),
        (EN_TEXT, None, RejectCode.WRONG_LANGUAGE),
        ("\x01\x02\x03\x04 ciao", None, RejectCode.BINARY),
    ],
)
def test_bad_input_is_rejected(nlp_it: Pipeline, text: str, published: str | None, code: RejectCode) -> None:
    with pytest.raises(InputRejected) as info:
        nlp_it(text, published=published)
    assert info.value.code == code
    assert info.value.reason


def test_record_in_another_language_is_rejected(nlp_it: Pipeline) -> None:
    with pytest.raises(InputRejected) as info:
        nlp_it({"text": IT_TEXT, "lang": "en"})
    assert info.value.code == RejectCode.WRONG_LANGUAGE
    assert "'en'" in info.value.reason and "'it'" in info.value.reason
    [result] = nlp_it.pipe([{"text": IT_TEXT, "lang": "EN", "id": "r1"}])
    assert isinstance(result, Rejection)
    assert result.code == RejectCode.WRONG_LANGUAGE
    assert result.external_id == "r1"
    # The record's own language, when it matches, is fine whatever its case.
    [ok] = nlp_it.pipe([{"text": IT_TEXT, "lang": " It "}])
    assert isinstance(ok, Document)


# -- streams -----------------------------------------------------------------------------------------


def _mixed_items() -> list[Item]:
    upstream = Rejection(code=RejectCode.NOT_FOUND, reason="no such file: x.txt")
    return [
        IT_TEXT,
        "",
        {"text": 42},
        upstream,
        {"text": IT_TEXT_2, "published": "2020-01-06", "id": "b"},
        {"title": "no text"},
        {"text": IT_TEXT, "published": "ieri", "id": "c"},
        "   \n  ",
        ["not", "a", "record"],  # type: ignore[list-item]  # what an untyped caller may pass
        None,  # type: ignore[list-item]
        IT_TEXT_2,
    ]


EXPECTED = [
    "doc",
    RejectCode.EMPTY,
    RejectCode.INVALID_RECORD,
    RejectCode.NOT_FOUND,
    "doc",
    RejectCode.INVALID_RECORD,
    RejectCode.BAD_DATE,
    RejectCode.EMPTY,
    RejectCode.INVALID_RECORD,
    RejectCode.INVALID_RECORD,
    "doc",
]


def _kind(result: Result) -> str | RejectCode:
    return "doc" if isinstance(result, Document) else result.code


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_pipe_keeps_input_order(nlp_it: Pipeline, batch_size: int) -> None:
    items = _mixed_items()
    results = list(nlp_it.pipe(items, batch_size=batch_size))
    assert [_kind(r) for r in results] == EXPECTED
    assert results[3] is items[3]  # an upstream rejection is passed through as it is
    assert isinstance(results[0], Document) and results[0].text == IT_TEXT
    assert isinstance(results[4], Document) and results[4].text == IT_TEXT_2
    assert results[4].external_id == "b" and results[4].published == dt.date(2020, 1, 6)
    assert isinstance(results[6], Rejection) and results[6].external_id == "c"
    assert isinstance(results[2], Rejection) and "'text'" in results[2].reason
    for item, result in zip(items, results, strict=True):
        if isinstance(result, Document):
            assert result.offset_errors() == []
            assert isinstance(item, str | dict)
            # A batch gives what one call gives.
            assert result.to_json_dict() == nlp_it(item).to_json_dict()


def test_pipe_is_lazy(nlp_it: Pipeline) -> None:
    """An endless stream is analysed as it is read, a batch at a time."""
    consumed = 0

    def endless() -> Iterator[str]:
        nonlocal consumed
        for i in itertools.count():
            consumed += 1
            yield f"{IT_TEXT} Articolo numero {i}."

    first = list(itertools.islice(nlp_it.pipe(endless(), batch_size=4), 6))
    assert len(first) == 6 and all(isinstance(r, Document) for r in first)
    assert consumed <= 8
    assert len({r.id for r in first if isinstance(r, Document)}) == 6


class _Boom(Stage):
    """A buggy stage: crashes on documents containing BOOM, rejects those containing NOPE."""

    name = "boom"
    requires = frozenset({"tokens"})

    def __call__(self, doc: Document) -> Document:
        if "BOOM" in doc.text:
            raise ValueError("kaboom")
        if "NOPE" in doc.text:
            raise InputRejected(RejectCode.EMPTY, "nothing worth analysing")
        return doc


class _BadOffsets(Stage):
    """A buggy stage: adds an entity whose text does not match its span."""

    name = "bad-offsets"

    def __call__(self, doc: Document) -> Document:
        if "OFFSET" in doc.text:
            doc.entities.append(Entity(start=0, end=4, text="nope", label="ORG"))
        return doc


def test_a_crashing_stage_rejects_only_its_document(
    nlp_it: Pipeline, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    stages = list(nlp_it.stages)
    monkeypatch.setattr(nlp_it, "stages", [*stages[:2], _Boom(), *stages[2:], _BadOffsets()])
    items: list[Item] = [
        IT_TEXT,
        {"text": f"{IT_TEXT_2} BOOM", "id": "boom"},
        IT_TEXT_2,
        f"{IT_TEXT} NOPE",
        f"{IT_TEXT} OFFSET",
        f"{IT_TEXT} e poi basta.",
    ]
    results = list(nlp_it.pipe(items, batch_size=len(items)))
    assert [_kind(r) for r in results] == [
        "doc",
        RejectCode.INTERNAL_ERROR,
        "doc",
        RejectCode.EMPTY,
        RejectCode.INTERNAL_ERROR,
        "doc",
    ]
    crash = results[1]
    assert isinstance(crash, Rejection)
    assert crash.external_id == "boom"
    assert "'boom'" in crash.reason and "ValueError: kaboom" in crash.reason
    assert "crashed" in caplog.text
    offsets = results[4]
    assert isinstance(offsets, Rejection) and "invalid offsets" in offsets.reason
    # The survivors went through every stage, the later ones included.
    for doc in (results[0], results[2], results[5]):
        assert isinstance(doc, Document)
        assert doc.entities and doc.pipeline is not None
    # One article at a time, a bug is not hidden.
    with pytest.raises(ValueError, match="kaboom"):
        nlp_it(f"{IT_TEXT} BOOM")


def test_worker_processes_give_the_same_results(nlp_it: Pipeline) -> None:
    items: list[Item] = [IT_TEXT, "", {"text": IT_TEXT_2, "id": "x"}, {"text": 1}, f"{IT_TEXT} Bis.", EN_TEXT]
    serial = [r.to_json_dict() for r in nlp_it.pipe(items, batch_size=2, n_process=1)]
    parallel = [r.to_json_dict() for r in nlp_it.pipe(items, batch_size=2, n_process=2)]
    assert parallel == serial
    assert [d.get("code") for d in serial] == [None, "empty", None, "invalid_record", None, "wrong_language"]


def test_workers_share_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # each worker runs its model calls on its share of the cores, unless the user chose
    from cronaca.pipeline import parallel

    class Spec:
        def build(self) -> None:
            return None

    monkeypatch.delenv(parallel.THREADS_ENV, raising=False)
    parallel._init_worker(Spec(), 3)  # type: ignore[arg-type]
    assert parallel.default_threads() == 3
    monkeypatch.setenv(parallel.THREADS_ENV, "1")
    parallel._init_worker(Spec(), 3)  # type: ignore[arg-type]
    assert parallel.default_threads() == 1


# -- mixed languages -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp_auto() -> cronaca.Runner:
    return cronaca.load("auto")


def test_auto_routes_by_language(nlp_auto: cronaca.Runner) -> None:
    items: list[Item] = [
        IT_TEXT,
        EN_TEXT,
        DE_TEXT,
        {"text": IT_TEXT_2, "lang": "it"},
        {"text": "Breve.", "lang": "en"},  # too short to identify, but the record says
        {"text": IT_TEXT, "lang": "fr"},
        "",
        "Ciao!",  # too short to identify
    ]
    results = list(nlp_auto.pipe(items, batch_size=3))
    kinds = [r.lang if isinstance(r, Document) else r.code for r in results]
    assert kinds == [
        "it",
        "en",
        RejectCode.UNSUPPORTED_LANGUAGE,
        "it",
        "en",
        RejectCode.UNSUPPORTED_LANGUAGE,
        RejectCode.EMPTY,
        RejectCode.UNSUPPORTED_LANGUAGE,
    ]
    german = results[2]
    assert isinstance(german, Rejection) and "'de'" in german.reason
    english = results[1]
    assert isinstance(english, Document)
    assert english.pipeline is not None and english.pipeline.name == "cronaca-en"
    assert english.dateline is not None and english.dateline.agency is not None
    assert english.dateline.agency.text == "Reuters"
