"""Reading events, actors, quotes and stories back: queries with filters, exports (JSON Lines,
CSV, Parquet, the CAMEO table) and the commands, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import test_store_events as shared
from cronaca.cli import store_cmd
from cronaca.errors import ConfigError
from cronaca.store import cameo, queries
from cronaca.store.db import Store
from cronaca.store.exports import rows, write_csv, write_jsonl, write_parquet
from cronaca.store.queries import Filters
from test_store_events import (
    MAROTTO,
    MILITIA,
    OUTLETS,
    USA,
    Coding,
    EventSpec,
    Ingest,
    wire_coding,
    wire_report,
)

store = shared.store
ingest = shared.ingest

DENIAL = (
    "BAGHDAD – Le milizie sciite filo-iraniane negano di aver condotto un attacco contro "
    "le truppe statunitensi ad Ain al-Asad: nessun attacco è partito dalle loro basi."
)
ACCUSATION = (
    "WASHINGTON – Gli Stati Uniti accusano le milizie sciite filo-iraniane dell'attacco di "
    "martedì contro la base di Ain al-Asad e promettono una risposta."
)


@pytest.fixture
def filled(store: Store, ingest: Ingest) -> Store:
    """Six outlets' reports of the drone attack (with a quote), a denial, an accusation."""
    codings = {f"wire-{n}": wire_coding(n) for n in range(6)}
    codings["wire-0"].quotes = [("non ci sono state vittime", MAROTTO.id, False)]
    records = [wire_report(n) for n in range(6)]
    records.append({"id": "denial", "text": DENIAL, "published": "2021-05-06", "source": "Al Mayadeen"})
    codings["denial"] = Coding(
        [MILITIA, USA],
        events=[EventSpec("ASSAULT", "nessun attacco", [MILITIA.id], [USA.id], "2021-05-06", negated=True)],
    )
    records.append({"id": "accusa", "text": ACCUSATION, "published": "2021-05-05", "source": "ANSA"})
    codings["accusa"] = Coding(
        [USA, MILITIA], events=[EventSpec("ACCUSE", "accusano", [USA.id], [MILITIA.id], "2021-05-05")]
    )
    ingest(records, codings)
    return store


def test_events_with_filters(filled: Store) -> None:
    everything = list(queries.events(filled))
    assert [(e["type"], e["num_sources"], e["negated"]) for e in everything] == [
        ("ASSAULT", 1, True),
        ("ACCUSE", 1, False),
        ("ASSAULT", 6, False),
    ]  # newest first
    attack = everything[2]
    assert attack["date"] == "2021-05-04" and attack["quad_code"] == 4
    assert attack["place"] == {"name": "Ain al-Asad", "country": "IRQ", "lat": 33.8, "lon": 42.44}
    assert sorted(s["source"] for s in attack["sources"]) == sorted(OUTLETS[:6])

    def found(**kw: Any) -> list[str]:
        return [f"{e['type']}/{e['num_reports']}" for e in queries.events(filled, Filters(**kw))]

    assert found(type="assault") == ["ASSAULT/1", "ASSAULT/6"]
    assert found(actor="filo-iraniane", type="ACCUSE") == ["ACCUSE/1"]
    assert found(actor="state:USA") == ["ASSAULT/1", "ACCUSE/1", "ASSAULT/6"]
    assert found(country="irq") == ["ASSAULT/1", "ACCUSE/1", "ASSAULT/6"]  # the militia or the place
    assert found(source="adnkronos") == ["ASSAULT/6"]
    assert found(text="con droni") == ["ASSAULT/6"]
    assert found(since=queries.parse_day("2021-05-05")) == ["ASSAULT/1", "ACCUSE/1"]
    assert found(until=queries.parse_day("2021-05-04", end=True)) == ["ASSAULT/6"]
    assert found(limit=1) == ["ASSAULT/1"]
    assert found(actor="Hezbollah") == []


def test_report_level(filled: Store) -> None:
    reports = list(queries.events(filled, Filters(type="ASSAULT", source="ANSA"), level="report"))
    assert len(reports) == 1
    (report,) = reports
    assert report["source"] == "ANSA" and report["level"] == "report"
    assert report["trigger"]["text"] == "attacco" and report["sentence"]["text"].startswith("BAGHDAD")
    assert [a["key"] for a in report["actor"]] == [MILITIA.id]
    assert report["event_id"].startswith("event-")


def test_actors_quotes_and_stories(filled: Store) -> None:
    top = list(queries.actors(filled, Filters(limit=3)))
    assert top[0]["key"] == MILITIA.id and top[0]["articles"] == 8
    marotto = list(queries.actors(filled, Filters(type="person")))
    assert [(a["name"], a["org"], a["articles"]) for a in marotto] == [("Wayne Marotto", "CJTF-OIR", 6)]
    assert [a["key"] for a in queries.actors(filled, Filters(country="USA", source="Al Mayadeen"))] == [
        "state:USA"
    ]
    (quote,) = queries.quotes(filled, Filters(actor="Marotto"))
    assert quote["speaker_name"] == "Wayne Marotto" and quote["text"] == "non ci sono state vittime"
    assert list(queries.quotes(filled, Filters(type="direct"))) == []
    assert len(list(queries.quotes(filled, Filters(text="vittime", country="USA")))) == 1
    found = list(queries.stories(filled))
    drone = [s for s in found if "Ain al-Asad" in (s["title"] or "")]
    assert drone and drone[0]["num_sources"] >= 6
    assert list(queries.stories(filled, Filters(text="nessun titolo del genere"))) == []


@pytest.mark.parametrize(
    ("table", "filters", "message"),
    [
        ("events", Filters(type="BOMB"), "not one of AGREE"),
        ("actors", Filters(type="ASSAULT"), "not one of person"),
        ("stories", Filters(type="direct"), "does not apply to stories"),
        ("events", Filters(country="Italia"), "ISO 3166"),
        ("events", Filters(limit=0), "--limit"),
    ],
)
def test_bad_filters_say_what_to_do(filled: Store, table: str, filters: Filters, message: str) -> None:
    run = {"events": queries.events, "actors": queries.actors, "stories": queries.stories}[table]
    with pytest.raises(ConfigError, match=message):
        list(run(filled, filters))


def test_dates_are_parsed_with_clear_errors() -> None:
    assert queries.parse_day("2021") == queries.parse_day("2021-01-01")
    assert str(queries.parse_day("2024-02", end=True)) == "2024-02-29"
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        queries.parse_day("4 maggio")
    with pytest.raises(ConfigError, match="--since"):
        queries.parse_day("2021-13-01")
    with pytest.raises(ConfigError, match="after"):
        queries.checked(
            Filters(since=queries.parse_day("2021-06"), until=queries.parse_day("2021-05")), "events"
        )


def test_exports_of_events_actors_quotes_stories(filled: Store, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    assert write_jsonl(rows(filled, "events"), buffer) == 3
    first = json.loads(buffer.getvalue().splitlines()[-1])
    assert {"type", "mode", "actor", "recipient", "date", "place", "negated", "aux", "sources"} <= set(first)
    text = io.StringIO()
    n = write_csv(rows(filled, "events", level="report"), text)
    table = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert n == len(table) == 8
    assert json.loads(table[0]["trigger"])["text"]
    for name in ("actors", "quotes", "stories"):
        assert list(rows(filled, name))  # type: ignore[arg-type]


def test_cameo_table(filled: Store) -> None:
    found = list(rows(filled, "cameo"))
    assert len(found) == 2  # the denied attack did not happen
    attack = next(r for r in found if r["PloverType"] == "ASSAULT")
    assert attack["EventCode"] == "195" and attack["EventRootCode"] == "19" and attack["CameoFromType"] == 0
    assert (attack["NumMentions"], attack["NumArticles"], attack["NumSources"]) == (6, 6, 6)
    assert attack["Day"] == 20210504 and attack["QuadClass"] == 4
    assert attack["Actor1Name"] == MILITIA.name and attack["Actor1CountryCode"] == "IRQ"
    assert attack["ActionGeo_CountryCode"] == "IRQ" and attack["SOURCEURL"].startswith("https://")
    accuse = next(r for r in found if r["PloverType"] == "ACCUSE")
    assert accuse["EventCode"] == "11" and accuse["CameoFromType"] == 1 and accuse["QuadClass"] == 3
    assert accuse["Actor1Code"] == "USAGOV"
    assert cameo.quad_class("04") == 1 and cameo.quad_class("xx") is None


def test_parquet(filled: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert write_parquet(rows(filled, "events"), str(path), batch=2) == 3
    table = pq.read_table(path)
    assert table.num_rows == 3
    assert table.schema.field("num_sources").type == "int64"
    assert sorted(table.column("type").to_pylist()) == ["ACCUSE", "ASSAULT", "ASSAULT"]
    empty = tmp_path / "none.parquet"
    assert write_parquet(rows(filled, "events", filters=Filters(type="AID")), str(empty)) == 0
    assert pq.read_table(empty).num_rows == 0


def test_parquet_without_pyarrow_is_a_clear_error(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ConfigError, match="pip install"):
        write_parquet(rows(filled, "events"), str(tmp_path / "x.parquet"))


# -- the commands --------------------------------------------------------------------------------


def cli() -> typer.Typer:
    app = typer.Typer()
    for command in (
        store_cmd.events,
        store_cmd.actors,
        store_cmd.quotes,
        store_cmd.stories,
        store_cmd.export,
        store_cmd.ingest,
    ):
        app.command()(command)
    return app


def db_of(store: Store) -> str:
    if store.dialect == "sqlite":
        assert store.engine.url.database is not None
        return store.engine.url.database
    return store.engine.url.render_as_string(hide_password=False)


def test_query_commands(filled: Store) -> None:
    runner = CliRunner()
    db = db_of(filled)
    done = runner.invoke(cli(), ["events", "--db", db, "--type", "assault", "-f", "jsonl"])
    assert done.exit_code == 0, done.output
    assert [json.loads(line)["num_sources"] for line in done.stdout.splitlines()] == [1, 6]
    table = runner.invoke(cli(), ["events", "--db", db, "--country", "USA"], env={"COLUMNS": "250"})
    assert table.exit_code == 0 and "ASSAULT (drone)" in table.stdout and "[negated]" in table.stdout
    reports = runner.invoke(cli(), ["events", "--db", db, "--level", "report", "--source", "ANSA"])
    assert reports.exit_code == 0 and "evidence" in reports.stdout
    for command in ("actors", "quotes", "stories"):
        shown = runner.invoke(cli(), [command, "--db", db, "-n", "5"])
        assert shown.exit_code == 0, shown.output
    as_json = runner.invoke(cli(), ["actors", "--db", db, "--type", "person", "-f", "json"])
    assert json.loads(as_json.stdout)[0]["name"] == "Wayne Marotto"
    nothing = runner.invoke(cli(), ["quotes", "--db", db, "--text", "parolachenonce"])
    assert nothing.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--type", "BOMB"], "not one of"),
        (["events", "--since", "ieri"], "--since: 'ieri' is not a date"),
        (["events", "--since", "2021-06-01", "--until", "2021-05"], "after"),
        (["events", "--level", "article"], "event or report"),
        (["stories", "--country", "Italia"], "ISO 3166"),
        (["events", "-f", "xml"], "table, json or jsonl"),
        (["export", "events", "-f", "parquet"], "-o FILE.parquet"),
        (["export", "players"], "choose one of"),
    ],
)
def test_bad_command_lines_fail_with_a_reason(filled: Store, args: list[str], message: str) -> None:
    done = CliRunner().invoke(cli(), [*args, "--db", db_of(filled)])
    assert done.exit_code == 2
    assert message in " ".join(re.sub("[│╭╮╰╯─]", " ", done.stderr or done.output).split())


def test_export_command(filled: Store, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    runner = CliRunner()
    db = db_of(filled)
    path = tmp_path / "cameo.parquet"
    done = runner.invoke(cli(), ["export", "cameo", "--db", db, "-f", "parquet", "-o", str(path)])
    assert done.exit_code == 0, done.output
    assert "exported 2 cameo" in done.stderr
    as_csv = runner.invoke(cli(), ["export", "events", "--db", db, "--level", "report", "-f", "csv"])
    assert as_csv.exit_code == 0 and len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 8


def test_ingest_command_summarises_rejections_by_reason(store: Store, tmp_path: Path) -> None:
    data = tmp_path / "mixed.jsonl"
    data.write_text(
        json.dumps(wire_report(0)) + "\nnot json\n{}\n" + json.dumps({"text": "  "}) + "\n", encoding="utf-8"
    )
    done = CliRunner().invoke(cli(), ["ingest", str(data), "--db", db_of(store), "--lang", "it"])
    assert done.exit_code == 1
    summary = " ".join(done.stderr.split())
    assert "1 new articles" in summary and "articles/s" in summary
    assert "rejections by reason:" in summary
    assert "1 × invalid_json" in summary and "1 × invalid_record" in summary and "1 × empty" in summary
    quiet = CliRunner().invoke(cli(), ["ingest", str(data), "--db", db_of(store), "--lang", "it", "-q"])
    assert quiet.exit_code == 1 and quiet.stderr.count("rejections by reason") == 0


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from cronaca.store.ingest import IngestStats

    screen = io.StringIO()
    monkeypatch.setattr(store_cmd, "err", Console(file=screen, force_terminal=True, width=160))
    stats = IngestStats(read=1200, stored=1000, already_stored=150, rejected=50)
    with store_cmd._IngestProgress(show=True) as progress:
        progress.update(stats)
        assert progress.progress is not None
        progress.progress.refresh()
    assert "1,200 read · 1,000 new · 150 already stored · 50 rejected" in screen.getvalue()
    silent = io.StringIO()
    monkeypatch.setattr(store_cmd, "err", Console(file=silent, force_terminal=True))
    with store_cmd._IngestProgress(show=False) as progress:
        progress.update(stats)
    assert silent.getvalue() == ""
