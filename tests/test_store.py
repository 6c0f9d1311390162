"""The store and ``cronaca ingest``, on SQLite and — when CRONACA_TEST_PG_URL points at a
server, as in CI — on PostgreSQL: the same tests on both."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import cronaca
from cronaca.errors import ConfigError
from cronaca.ingest.article import ArticleInput
from cronaca.ingest.readers import ReadOptions, read_inputs
from cronaca.pipeline.pipeline import Pipeline
from cronaca.store.db import Store
from cronaca.store.ingest import Ingester
from cronaca.store.schema import Analysis, Article, ArticleCopy, Base, EntityRow, IngestRun, RejectionRow
from cronaca.store.search import search

PG_URL = os.environ.get("CRONACA_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason="set CRONACA_TEST_PG_URL to a PostgreSQL database (CI does)"
        ),
    ),
]

PLACES = ["Roma", "Milano", "Napoli", "Torino", "Bari", "Palermo", "Genova", "Firenze"]
TOPICS = [
    "la riforma della giustizia",
    "il bilancio dello Stato",
    "la crisi energetica",
    "il piano per la sanità",
    "la legge elettorale",
    "le nuove regole sul lavoro",
]


def article(n: int) -> dict[str, str]:
    place, topic = PLACES[n % len(PLACES)], TOPICS[n % len(TOPICS)]
    return {
        "id": f"art-{n}",
        "text": f"{place.upper()} – Il consiglio comunale di {place} ha discusso ieri {topic}. "
        f"Alla seduta numero {n} hanno partecipato {n % 40 + 10} consiglieri; il sindaco "
        f"ha detto che il voto finale è previsto per la prossima settimana.",
        "published": f"2023-0{n % 9 + 1}-1{n % 9}",
        "url": f"https://example.org/{n}",
        "source": "Gazzetta di prova",
    }


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(tmp_path / "cronaca.db")
    else:
        assert PG_URL is not None
        url = PG_URL
        engine = Store.open(url, migrate=False).engine
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    s = Store.open(url)
    yield s
    s.close()


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    p = cronaca.load("it")
    assert isinstance(p, Pipeline)
    return p


def ingest(store: Store, nlp: Pipeline, records: list[dict[str, str]], batch_size: int = 8) -> Ingester:
    ingester = Ingester(store, nlp, batch_size=batch_size)
    ingester.run([ArticleInput.model_validate(r) for r in records], inputs=["test"])
    return ingester


def count(store: Store, model: type[Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_migrations_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def include(obj: object, name: str | None, kind: str, reflected: bool, compare_to: object) -> bool:
        return (
            not (name or "").startswith(("articles_fts", "alembic_version"))
            and name != "search"
            and name != "ix_articles_search"
        )

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    assert store.revision() == "0002"


def test_ingest_is_idempotent(store: Store, nlp: Pipeline) -> None:
    records = [article(n) for n in range(30)]
    first = ingest(store, nlp, records)
    assert first.stats.stored == 30 and first.stats.rejected == 0
    second = ingest(store, nlp, records)
    assert second.stats.stored == 0 and second.stats.already_stored == 30
    assert count(store, Article) == 30
    assert count(store, Analysis) == 30
    with store.session() as session:
        current = session.scalar(select(func.count()).select_from(Analysis).where(Analysis.current))
        runs = session.scalars(select(IngestRun.status)).all()
    assert current == 30
    assert runs == ["done", "done"]
    assert count(store, EntityRow) > 30


def test_duplicates_inside_one_run_and_copies_are_linked_not_counted(store: Store, nlp: Pipeline) -> None:
    base = article(1)
    copy = {**base, "id": "other", "url": "https://another.example/1", "source": "Altro giornale"}
    run = ingest(store, nlp, [base, base, copy])
    assert run.stats.stored == 1 and run.stats.already_stored == 2
    assert run.stats.copies == 1  # linked once its article, analysed in the same run, is stored
    assert count(store, Article) == 1
    again = ingest(store, nlp, [copy])
    assert again.stats.copies == 0 and again.stats.already_stored == 1
    with store.session() as session:
        copies = session.scalars(select(ArticleCopy.source)).all()
    assert copies == ["Altro giornale"]


def test_near_duplicates_are_linked(store: Store, nlp: Pipeline) -> None:
    body = " ".join(
        f"Nel punto {i} dell'ordine del giorno il consiglio di {place} ha esaminato {topic}, "
        f"con {i + 12} interventi e una replica dell'assessore competente."
        for i, (place, topic) in enumerate(zip(PLACES, TOPICS, strict=False))
    )
    base = {**article(3), "text": body}
    # the same wire story, lightly edited by another outlet
    edited = {
        **base,
        "text": body.replace("una replica", "la replica") + " Seguiranno aggiornamenti.",
        "source": "Altra fonte",
    }
    different = article(4)
    run = ingest(store, nlp, [base, edited, different])
    assert run.stats.stored == 2 and run.stats.near_duplicates == 1
    with store.session() as session:
        links = session.execute(
            select(Article.id, Article.near_duplicate_of).where(Article.near_duplicate_of.is_not(None))
        ).all()
    assert len(links) == 1


def test_rejections_are_stored_with_reasons(store: Store, nlp: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps(article(5))
        + "\nnot json\n"
        + json.dumps({"text": 42})
        + "\n"
        + json.dumps({"text": "   "})
        + "\n"
        + json.dumps(article(6))
        + "\n",
        encoding="utf-8",
    )
    items = read_inputs([str(path)], ReadOptions(), sys.stdin.buffer)
    ingester = Ingester(store, nlp, batch_size=2)
    ingester.run(items, inputs=[str(path)])
    assert ingester.stats.stored == 2 and ingester.stats.rejected == 3
    with store.session() as session:
        rows = session.execute(
            select(RejectionRow.origin_line, RejectionRow.code).order_by(RejectionRow.origin_line)
        ).all()
    assert [tuple(r) for r in rows] == [(2, "invalid_json"), (3, "invalid_record"), (4, "empty")]


def test_reanalysis_keeps_the_old_result_until_the_new_one_is_committed(store: Store, nlp: Pipeline) -> None:
    records = [article(n) for n in range(3)]
    ingest(store, nlp, records)
    upgraded = Ingester(store, nlp, batch_size=8)
    upgraded.version = "99.0"  # a new pipeline version
    upgraded.run([ArticleInput.model_validate(r) for r in records], inputs=["test"])
    assert upgraded.stats.reanalysed == 3
    with store.session() as session:
        rows = session.execute(select(Analysis.version, Analysis.current).order_by(Analysis.id)).all()
    assert [tuple(r) for r in rows] == [(cronaca.__version__, False)] * 3 + [("99.0", True)] * 3


def test_full_text_search(store: Store, nlp: Pipeline) -> None:
    ingest(store, nlp, [article(n) for n in range(12)])
    hits = search(store, "Napoli energetica")
    assert hits and all("[Napoli]" in h.snippet or "[energetica]" in h.snippet for h in hits)
    assert search(store, '"crisi energetica" -Milano')
    assert search(store, "parolachenonesiste") == []
    with pytest.raises(ConfigError):
        search(store, "   ")


def test_sigkill_during_ingest_loses_nothing_committed(store: Store, tmp_path: Path) -> None:
    """Kill -9 in the middle of a large ingest, run it again: every article stored once, the
    database consistent, nothing counted twice."""
    total = 400
    data = tmp_path / "big.jsonl"
    with data.open("w", encoding="utf-8") as handle:
        for n in range(total):
            handle.write(json.dumps(article(n)) + "\n")
    url = str(store.engine.url) if store.dialect != "sqlite" else store.engine.url.database
    assert url is not None
    if store.dialect != "sqlite":
        url = store.engine.url.render_as_string(hide_password=False)
    command = [
        sys.executable,
        "-m",
        "cronaca.cli.main",
        "ingest",
        str(data),
        "--db",
        url,
        "--lang",
        "it",
        "--batch-size",
        "5",
        "-q",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and count(store, Article) < 30:
        time.sleep(0.2)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = count(store, Article)
    assert 30 <= partial < total
    assert count(store, Analysis) == partial  # each batch is all or nothing
    done = subprocess.run(command, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert count(store, Article) == total
    assert count(store, Analysis) == total
    if store.dialect == "sqlite":
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            fts = connection.execute(text("SELECT count(*) FROM articles_fts")).scalar()
        assert fts == total
    with store.session() as session:
        statuses = session.scalars(select(IngestRun.status).order_by(IngestRun.id)).all()
    assert statuses == ["running", "done"]  # the killed run never got to say goodbye


def test_bad_database_urls_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        Store.open("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(ConfigError):
        Store.open(str(tmp_path / "missing-dir" / "x.db"))


def test_stored_document_is_the_cronaca_document(store: Store, nlp: Pipeline) -> None:
    from cronaca.model import Document
    from cronaca.store.schema import unpack_document

    record = article(7)
    ingest(store, nlp, [record])
    with store.session() as session:
        analysis = session.scalars(select(Analysis)).one()
        stored = unpack_document(analysis.document, analysis.article.text)
    expected = nlp(
        record["text"],
        published=record["published"],
        url=record["url"],
        source=record["source"],
        id=record["id"],
    ).to_json_dict()
    assert stored == expected
    assert list(stored)[:3] == ["schema", "id", "lang"]
    assert Document.model_validate(stored).offset_errors() == []


def test_reprocess_reanalyses_stale_articles_only(store: Store, nlp: Pipeline) -> None:
    from cronaca.store.exports import stale_articles

    ingest(store, nlp, [article(n) for n in range(4)])
    assert list(stale_articles(store, cronaca.__version__)) == []
    upgraded = Ingester(store, nlp, batch_size=3)
    upgraded.version = "99.0"
    stale = list(stale_articles(store, upgraded.version))
    assert len(stale) == 4 and all(isinstance(a, ArticleInput) for a in stale)
    upgraded.run(stale, inputs=["reprocess"])
    assert upgraded.stats.reanalysed == 4 and upgraded.stats.stored == 0
    assert list(stale_articles(store, "99.0")) == []
    # --all: the same version again replaces its analyses instead of duplicating them
    forced = Ingester(store, nlp, batch_size=3, force=True)
    forced.version = "99.0"
    forced.run(list(stale_articles(store, "99.0", everything=True)), inputs=["reprocess --all"])
    assert forced.stats.reanalysed == 4
    with store.session() as session:
        versions = session.execute(select(Analysis.version, Analysis.current)).all()
    assert sorted(tuple(v) for v in versions) == [(cronaca.__version__, False)] * 4 + [("99.0", True)] * 4


def test_exports(store: Store, nlp: Pipeline) -> None:
    import csv
    import io

    from cronaca.store.exports import rows, write_csv, write_jsonl

    ingest(store, nlp, [article(n) for n in range(3)])
    docs = list(rows(store, "documents"))
    assert len(docs) == 3 and all(d["schema"] == "cronaca/1" and d["text"] for d in docs)
    buffer = io.BytesIO()
    assert write_jsonl(rows(store, "articles"), buffer) == 3
    assert all(json.loads(line)["id"] for line in buffer.getvalue().splitlines())
    text = io.StringIO()
    n = write_csv(rows(store, "entities"), text)
    table = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert n == len(table) > 0
    assert {"article_id", "start", "end", "text", "label"} <= set(table[0])
    times = list(rows(store, "times"))
    assert times and all(t["value"] for t in times)
