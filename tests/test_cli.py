"""``cronaca analyze`` as a new user tries it: good and bad files, JSON Lines, stdin, options.

Every bad input must give a rejection record in the output (with its code and origin), a line
on stderr naming the file (and line), exit status 1, and leave the good inputs of the same batch
analysed and in input order. Usage errors exit with 2 before anything is analysed.

Most runs are in-process (``CliRunner``) and share pipelines, since building one takes seconds;
a few run the installed ``cronaca`` command to prove the real entry point and exit statuses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

import cronaca
from cronaca.cli.main import app
from cronaca.model import Document, Rejection

IT_A = (
    "ROMA – Il presidente del Consiglio Giuseppe Conte ha incontrato lunedì a Palazzo Chigi i "
    "sindacati per discutere della manovra economica, ha riferito l'agenzia ANSA. «Siamo pronti ad "
    "ascoltare tutte le proposte», ha detto Conte ai giornalisti."
)
IT_B = (
    "MILANO – La Procura di Milano ha aperto un'inchiesta sulla gestione dei fondi per la "
    "ricostruzione dopo il terremoto. Secondo il procuratore Francesco Greco, gli accertamenti "
    "riguardano appalti per oltre dieci milioni di euro."
)
IT_ACCENTS = (
    "Perché la città è già pronta? Il sindaco di Forlì ha detto che l'università riaprirà lunedì, "
    "però molti studenti non sono ancora tornati a Bologna."
)
DE = (
    "Die Bundesregierung hat am Montag beschlossen, die Hilfen für die von der Flut betroffenen "
    "Regionen deutlich aufzustocken. Der Finanzminister sagte in Berlin, die Gelder sollten schnell "
    "und unbürokratisch ausgezahlt werden, damit Familien und Betriebe ihre Häuser wieder aufbauen können."
)
EN = (
    "The European Union agreed on Monday to extend its economic sanctions against Russia for another "
    "six months, diplomats said, as leaders meeting in Brussels struggled to find a common position "
    "on migration and on the future of the eurozone."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"


# --- running the command ---------------------------------------------------------------------


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @cached_property
    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]

    def summary(self) -> list[tuple[str, int | None, str]]:
        """(file name, line, code or 'ok') of each output record, in output order."""
        return [where(r) for r in self.records]


def where(record: dict[str, Any]) -> tuple[str, int | None, str]:
    origin = record.get("origin") or {}
    name = Path(origin["path"]).name if origin.get("path") else "<stdin>"
    return name, origin.get("line"), record["code"] if record.get("rejected") else "ok"


RUNNER = CliRunner()


def cli(*args: str | Path, input: bytes | str | None = None) -> Run:
    """``cronaca analyze ARGS`` in this process."""
    result = RUNNER.invoke(app, ["analyze", *map(str, args)], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("cronaca")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cronaca.cli.main"]


def real(*args: str | Path, input: bytes | None = None, timeout: float = 120) -> Run:
    """The installed ``cronaca`` command, in a subprocess."""
    proc = subprocess.run(
        [*_command(), *map(str, args)],
        input=input,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _shared_pipelines() -> Iterator[None]:
    """``analyze`` builds its pipeline on each run (seconds): in-process runs share one per setup."""
    real_load = cronaca.load
    built: dict[str, cronaca.Runner] = {}

    def load(lang: str = "it", **kwargs: Any) -> cronaca.Runner:
        key = repr((lang, sorted(kwargs.items())))
        if key not in built:
            built[key] = real_load(lang, **kwargs)
        return built[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cronaca, "load", load)
        yield


@cache
def _validator(filename: str, model: type[BaseModel]) -> jsonschema.protocols.Validator:
    """The committed schema (``schema/``), or the model's own where it is not committed yet."""
    path = SCHEMA_DIR / filename
    if path.exists():
        schema = json.loads(path.read_text(encoding="utf-8"))
    else:
        schema = model.model_json_schema(mode="serialization")
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid(records: list[dict[str, Any]]) -> None:
    """Each record is a valid cronaca/1 document or rejection, and its offsets index its text."""
    documents = _validator("cronaca-1.schema.json", Document)
    rejections = _validator("cronaca-1-rejection.schema.json", Rejection)
    for record in records:
        assert record["schema"] == "cronaca/1"
        if record.get("rejected"):
            assert record["rejected"] is True
            assert set(record) >= {"code", "reason", "origin"}
            assert record["reason"]
            rejections.validate(record)
        else:
            documents.validate(record)
            assert Document.model_validate(record).offset_errors() == []


def assert_reported(run: Run) -> None:
    """Every rejection in the output has its line on stderr: file[:line], code and reason."""
    for record in run.records:
        if record.get("rejected"):
            origin = record["origin"]
            location = origin["path"] or "<stdin>"
            if origin["line"] is not None:
                location += f":{origin['line']}"
            line = f"rejected {location} {record['code']}: {record['reason']}"
            assert line in run.stderr.splitlines(), f"{line!r} not on stderr:\n{run.stderr}"


# --- one batch of everything a new user might feed in ----------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "01-buono.txt").write_text(IT_A, encoding="utf-8")
    (root / "02-buono.txt").write_text(IT_B, encoding="utf-8")
    (root / "vuoto.txt").write_bytes(b"")
    (root / "spazi.txt").write_bytes(b"  \n\t\n")
    (root / "casuale.txt").write_bytes(os.urandom(2048) + b"\x00\x00" + os.urandom(512))
    (root / "logo.png").write_bytes(PNG + bytes(128))
    (root / "latin1.txt").write_bytes(IT_ACCENTS.encode("latin-1"))
    (root / "utf16.txt").write_bytes(IT_ACCENTS.encode("utf-16"))  # with its BOM
    (root / "tedesco.txt").write_text(DE, encoding="utf-8")
    (root / "inglese.txt").write_text(EN, encoding="utf-8")
    line = ("La NATO ha sospeso la missione in Iraq, ha detto lunedì Stoltenberg. " * 14 + "\n").encode()
    with (root / "enorme.txt").open("wb") as f:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    lines = [
        json.dumps({"id": "j1", "text": IT_B, "published": "2020-01-06"}),
        '{"id": "j2", "text": "manca la fine',
        json.dumps({"id": "j3", "text": 42}),
        json.dumps({"id": "j4", "text": IT_A, "published": 20200106}),
        json.dumps({"id": "j5", "text": IT_A, "published": "2020-13-45"}),
        json.dumps([{"id": "j6", "text": IT_A}]),
        "",
        json.dumps({"id": "j8", "text": IT_ACCENTS, "published": "2020-01-07T09:30:00+01:00"}),
    ]
    (root / "lotto.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


MIXED = [
    "01-buono.txt",
    "vuoto.txt",
    "spazi.txt",
    "casuale.txt",
    "logo.png",
    "latin1.txt",
    "utf16.txt",
    "enorme.txt",
    "manca.txt",
    "lotto.jsonl",
    "tedesco.txt",
    "02-buono.txt",
]
MIXED_EXPECTED = [
    ("01-buono.txt", None, "ok"),
    ("vuoto.txt", None, "empty"),
    ("spazi.txt", None, "empty"),
    ("casuale.txt", None, "binary"),
    ("logo.png", None, "binary"),
    ("latin1.txt", None, "encoding"),
    ("utf16.txt", None, "encoding"),
    ("enorme.txt", None, "too_large"),
    ("manca.txt", None, "not_found"),
    ("lotto.jsonl", 1, "ok"),
    ("lotto.jsonl", 2, "invalid_json"),
    ("lotto.jsonl", 3, "invalid_record"),
    ("lotto.jsonl", 4, "bad_date"),
    ("lotto.jsonl", 5, "bad_date"),
    ("lotto.jsonl", 6, "invalid_record"),
    ("lotto.jsonl", 8, "ok"),
    ("tedesco.txt", None, "unsupported_language"),
    ("02-buono.txt", None, "ok"),
]


@pytest.fixture(scope="module")
def mixed(corpus: Path) -> Run:
    return cli(*(corpus / name for name in MIXED))


def test_mixed_batch_exits_1_and_keeps_input_order(mixed: Run) -> None:
    assert mixed.code == 1, mixed.stderr
    assert mixed.summary() == MIXED_EXPECTED


def test_mixed_batch_records_are_valid_and_reported_on_stderr(mixed: Run) -> None:
    assert_valid(mixed.records)
    assert_reported(mixed)
    rejected = sum(1 for r in mixed.records if r.get("rejected"))
    assert rejected == 14
    assert "analysed 4 documents" in mixed.stderr
    assert "rejected 14" in mixed.stderr


def test_mixed_batch_good_inputs_are_analysed(mixed: Run, corpus: Path) -> None:
    docs = {where(r)[:2]: r for r in mixed.records if not r.get("rejected")}
    assert docs[("01-buono.txt", None)]["text"] == IT_A
    assert docs[("01-buono.txt", None)]["origin"]["path"] == str(corpus / "01-buono.txt")
    assert docs[("02-buono.txt", None)]["text"] == IT_B
    assert docs[("lotto.jsonl", 1)]["published"] == "2020-01-06"
    assert docs[("lotto.jsonl", 1)]["external_id"] == "j1"
    assert docs[("lotto.jsonl", 8)]["published"] == "2020-01-07"
    assert docs[("lotto.jsonl", 8)]["text"] == IT_ACCENTS
    for doc in docs.values():
        assert doc["lang"] == "it"
        assert doc["tokens"] and doc["sentences"]
    names = {e["text"] for e in docs[("01-buono.txt", None)]["entities"]}
    assert {"Giuseppe Conte", "ANSA"} <= names


def test_mixed_batch_reasons_tell_the_user_what_to_do(mixed: Run) -> None:
    reasons = {where(r)[:2]: r["reason"] for r in mixed.records if r.get("rejected")}
    assert "--encoding" in reasons[("latin1.txt", None)]
    assert "latin-1" in reasons[("latin1.txt", None)]
    assert "--encoding utf-16" in reasons[("utf16.txt", None)]
    assert "--max-chars" in reasons[("enorme.txt", None)]
    assert "manca.txt" in reasons[("manca.txt", None)]
    assert "'text'" in reasons[("lotto.jsonl", 3)]
    assert "2020-13-45" in reasons[("lotto.jsonl", 5)]
    assert "array" in reasons[("lotto.jsonl", 6)]
    assert "'de'" in reasons[("tedesco.txt", None)]
    assert "--lang" in reasons[("tedesco.txt", None)]
    ids = {where(r)[:2]: r["external_id"] for r in mixed.records if r.get("rejected")}
    assert ids[("lotto.jsonl", 3)] == "j3" and ids[("lotto.jsonl", 5)] == "j5"


def test_wrong_language_with_lang_it(corpus: Path) -> None:
    names = ["01-buono.txt", "inglese.txt", "tedesco.txt", "02-buono.txt"]
    run = cli("--lang", "it", *(corpus / n for n in names))
    assert run.code == 1
    assert run.summary() == [
        ("01-buono.txt", None, "ok"),
        ("inglese.txt", None, "wrong_language"),
        ("tedesco.txt", None, "wrong_language"),
        ("02-buono.txt", None, "ok"),
    ]
    assert_valid(run.records)
    assert_reported(run)
    assert "'en'" in run.records[1]["reason"] and "'de'" in run.records[2]["reason"]
    assert "--no-lang-check" in run.records[1]["reason"]


@pytest.mark.parametrize(("encoding", "name"), [("latin-1", "latin1.txt"), ("utf-16", "utf16.txt")])
def test_encoding_option_reads_what_was_rejected(corpus: Path, encoding: str, name: str) -> None:
    run = cli("--encoding", encoding, corpus / name)
    assert run.code == 0, run.stderr
    [doc] = run.records
    assert not doc.get("rejected")
    assert doc["text"] == IT_ACCENTS
    assert_valid(run.records)


def test_50_mb_file_is_rejected_quickly_by_the_real_command(corpus: Path) -> None:
    started = time.perf_counter()
    run = real("analyze", corpus / "enorme.txt", corpus / "vuoto.txt", timeout=60)
    elapsed = time.perf_counter() - started
    assert run.code == 1, run.stderr
    assert run.summary() == [("enorme.txt", None, "too_large"), ("vuoto.txt", None, "empty")]
    assert f"rejected {corpus / 'enorme.txt'} too_large:" in run.stderr
    assert "Traceback" not in run.stderr
    assert elapsed < 15, f"took {elapsed:.1f} s"


# --- good paths --------------------------------------------------------------------------------


def test_sample_article_as_json_with_the_real_command(sample_path: Path) -> None:
    run = real("analyze", "--format", "json", "--published", "2020-01-06", sample_path)
    assert run.code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert isinstance(doc, dict)
    assert_valid([doc])
    assert doc["published"] == "2020-01-06"
    assert doc["lang"] == "it"
    assert doc["origin"] == {"path": str(sample_path), "line": None}
    assert doc["text"] == sample_path.read_text(encoding="utf-8")
    names = {e["text"] for e in doc["entities"]}
    assert {"NATO", "Jens Stoltenberg", "Iran"} <= names
    assert "analysed 1 documents" in run.stderr


def test_jsonl_several_files_keep_input_order(corpus: Path, sample_path: Path) -> None:
    inputs = [corpus / "02-buono.txt", sample_path, corpus / "01-buono.txt", corpus / "02-buono.txt"]
    run = cli("--format", "jsonl", "--published", "2020-01-06", *inputs)
    assert run.code == 0, run.stderr
    assert [r["origin"]["path"] for r in run.records] == [str(p) for p in inputs]
    assert all(r["published"] == "2020-01-06" for r in run.records)
    assert run.records[0]["id"] == run.records[3]["id"]  # same text, same content id
    assert len(run.stdout.splitlines()) == 4
    assert_valid(run.records)


def test_json_format_with_several_inputs_is_an_array(corpus: Path) -> None:
    run = cli("--format", "json", corpus / "01-buono.txt", corpus / "manca.txt", corpus / "02-buono.txt")
    assert run.code == 1
    data = json.loads(run.stdout)
    assert isinstance(data, list)
    assert [where(r) for r in data] == [
        ("01-buono.txt", None, "ok"),
        ("manca.txt", None, "not_found"),
        ("02-buono.txt", None, "ok"),
    ]
    assert_valid(data)


def test_json_format_with_nothing_to_analyse_is_an_empty_array(tmp_path: Path) -> None:
    run = cli("--format", "json", tmp_path)
    assert run.code == 0
    assert json.loads(run.stdout) == []


def test_table_format_prints_entity_names(sample_path: Path, corpus: Path) -> None:
    run = cli("--format", "table", sample_path, corpus / "manca.txt")
    assert run.code == 1
    for name in ("NATO", "Jens Stoltenberg", "Iran", "Iraq", "entities"):
        assert name in run.stdout
    # the quotes table: speaker, cue, kind and content
    for word in ("quotes", "speaker", "hanno dichiarato", "reported", "direct"):
        assert word in run.stdout, word
    assert "not_found" in run.stdout and "rejected" in run.stdout
    assert f"rejected {corpus / 'manca.txt'} not_found:" in run.stderr


def test_stdin_plain_text() -> None:
    run = cli(input=IT_A.encode("utf-8"))
    assert run.code == 0, run.stderr
    [doc] = run.records
    assert doc["text"] == IT_A
    assert doc["origin"] == {"path": None, "line": None}
    assert_valid(run.records)
    run = cli("-", "--published", "2020-01-06", input=IT_B)
    assert run.code == 0
    assert [(r["text"], r["published"]) for r in run.records] == [(IT_B, "2020-01-06")]


def test_stdin_jsonl_is_autodetected() -> None:
    data = (
        "\n"
        + json.dumps({"id": "s1", "text": IT_A})
        + "\n"
        + "non è JSON\n"
        + json.dumps({"id": "s3", "text": IT_B, "published": "06/01/2020"})
        + "\n"
        + json.dumps({"id": "s4", "text": IT_B})
        + "\n"
    )
    run = cli(input=data.encode("utf-8"))
    assert run.code == 1
    assert run.summary() == [
        ("<stdin>", 2, "ok"),
        ("<stdin>", 3, "invalid_json"),
        ("<stdin>", 4, "bad_date"),
        ("<stdin>", 5, "ok"),
    ]
    assert [r["external_id"] for r in run.records] == ["s1", None, "s3", "s4"]
    assert "rejected <stdin>:3 invalid_json:" in run.stderr
    assert "rejected <stdin>:4 bad_date:" in run.stderr
    assert_valid(run.records)
    assert_reported(run)


def test_stdin_problems_are_rejected(tmp_path: Path) -> None:
    for data, code in [(b"", "empty"), (PNG, "binary"), (IT_ACCENTS.encode("latin-1"), "encoding")]:
        run = cli(input=data)
        assert run.code == 1, data
        assert run.summary() == [("<stdin>", None, code)]
        assert f"rejected <stdin> {code}:" in run.stderr


def test_stdin_50_mb_is_too_large() -> None:
    run = cli(input=b"La NATO ha sospeso la missione in Iraq. " * 1_300_000)
    assert run.code == 1
    assert run.summary() == [("<stdin>", None, "too_large")]
    assert "--max-chars" in run.records[0]["reason"]


def test_directory_recurses_into_txt_and_jsonl(tmp_path: Path) -> None:
    root = tmp_path / "archivio"
    (root / "2020" / "01").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "b.txt").write_text(IT_B, encoding="utf-8")
    (root / "a.jsonl").write_text(
        json.dumps({"id": "a1", "text": IT_A}) + "\n" + json.dumps({"id": "a2", "text": IT_B}) + "\n",
        encoding="utf-8",
    )
    (root / "2020" / "01" / "06.txt").write_text(IT_ACCENTS, encoding="utf-8")
    (root / "2020" / "c.jsonl").write_text(json.dumps({"id": "c1", "text": IT_A}) + "\n", encoding="utf-8")
    (root / "note.md").write_text("# appunti", encoding="utf-8")
    (root / "foto.png").write_bytes(PNG)
    (root / ".nascosto.txt").write_text(IT_A, encoding="utf-8")
    (root / ".cache" / "x.txt").write_text(IT_A, encoding="utf-8")
    run = cli(root)
    assert run.code == 0, run.stderr
    assert run.summary() == [
        ("a.jsonl", 1, "ok"),
        ("a.jsonl", 2, "ok"),
        ("b.txt", None, "ok"),
        ("c.jsonl", 1, "ok"),
        ("06.txt", None, "ok"),
    ]
    assert [r["external_id"] for r in run.records] == ["a1", "a2", None, "c1", None]
    assert run.records[4]["origin"]["path"] == str(root / "2020" / "01" / "06.txt")


def test_output_file(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "risultati.jsonl"
    run = cli("--output", out, corpus / "01-buono.txt", corpus / "vuoto.txt", corpus / "02-buono.txt")
    assert run.code == 1
    assert run.stdout == ""
    written = Run(0, out.read_text(encoding="utf-8"), "")
    assert written.summary() == [
        ("01-buono.txt", None, "ok"),
        ("vuoto.txt", None, "empty"),
        ("02-buono.txt", None, "ok"),
    ]
    assert f"rejected {corpus / 'vuoto.txt'} empty:" in run.stderr
    out_json = tmp_path / "risultati.json"
    run = cli("-o", out_json, "--format", "json", corpus / "01-buono.txt")
    assert run.code == 0 and run.stdout == ""
    assert json.loads(out_json.read_text(encoding="utf-8"))["text"] == IT_A


def test_output_that_would_overwrite_an_input_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "articoli.jsonl"
    source.write_text(json.dumps({"text": IT_A}) + "\n", encoding="utf-8")
    before = source.read_bytes()
    cases: list[list[str | Path]] = [
        ["-o", source, source],
        ["-o", tmp_path / "out.jsonl", tmp_path],
        ["-o", tmp_path / "manca" / "out.jsonl", source],
        ["-o", tmp_path, source],
    ]
    for args in cases:
        run = cli(*args)
        assert run.code == 2, (args, run.stderr)
        assert "--output" in run.stderr or "output" in run.stderr
        assert run.stdout == ""
    assert source.read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "2020-13-45"], "--published"),
        (["--published", "06/01/2020"], "--published"),
        (["--lang", "xx"], "--lang"),
        (["--lang", "de"], "--lang"),
        (["--encoding", "klingon"], "--encoding"),
        (["--format", "xml"], "--format"),
        (["--max-chars", "0"], "--max-chars"),
    ],
)
def test_usage_errors_exit_2(corpus: Path, args: list[str], message: str) -> None:
    run = cli(*args, corpus / "01-buono.txt")
    assert run.code == 2, run.stderr
    assert message in run.stderr
    assert run.stdout == ""


def test_unsupported_lang_message_lists_the_supported_ones(corpus: Path) -> None:
    run = cli("--lang", "xx", corpus / "01-buono.txt")
    assert "'xx'" in run.stderr and "it" in run.stderr


def test_file_names_are_shown_as_they_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Names with brackets are not console markup: shown verbatim, never a crash."""
    monkeypatch.chdir(tmp_path)
    odd = [Path("[bold]rosso.txt"), Path("a[") / "]b.txt", Path("[/]manca.txt")]
    odd[1].parent.mkdir()
    odd[0].write_bytes(b"")
    odd[1].write_bytes(b"")
    run = cli(*odd)
    assert run.code == 1
    assert [r["code"] for r in run.records] == ["empty", "empty", "not_found"]
    assert_reported(run)
    run = cli("--format", "table", *odd)
    assert run.code == 1
    assert "[bold]rosso.txt" in run.stdout
    assert "a[/]b.txt" in run.stdout
    assert "[/]manca.txt" in run.stdout


def test_version() -> None:
    result = RUNNER.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"cronaca {cronaca.__version__}"


# --- the real entry point ----------------------------------------------------------------------


def test_real_command_version_and_usage_errors(corpus: Path) -> None:
    run = real("--version", timeout=60)
    assert run.code == 0
    assert run.stdout.strip() == f"cronaca {cronaca.__version__}"
    run = real("analyze", "--published", "2020-13-45", corpus / "01-buono.txt", timeout=60)
    assert run.code == 2 and "--published" in run.stderr and run.stdout == ""
    run = real("analyze", "--lang", "xx", corpus / "01-buono.txt", timeout=60)
    assert run.code == 2 and "--lang" in run.stderr and run.stdout == ""


def test_real_command_mixed_files_and_stdin(corpus: Path) -> None:
    stdin = (json.dumps({"id": "s1", "text": IT_B}) + "\n{rotto\n").encode("utf-8")
    run = real(
        "analyze",
        corpus / "01-buono.txt",
        "-",
        corpus / "manca.txt",
        corpus / "lotto.jsonl",
        corpus / "02-buono.txt",
        input=stdin,
    )
    assert run.code == 1, run.stderr
    assert run.summary() == [
        ("01-buono.txt", None, "ok"),
        ("<stdin>", 1, "ok"),
        ("<stdin>", 2, "invalid_json"),
        ("manca.txt", None, "not_found"),
        *[e for e in MIXED_EXPECTED if e[0] == "lotto.jsonl"],
        ("02-buono.txt", None, "ok"),
    ]
    assert_valid(run.records)
    assert_reported(run)
    assert "Traceback" not in run.stderr


def test_real_command_stops_quietly_when_the_reader_goes_away(tmp_path: Path) -> None:
    """``cronaca analyze big.jsonl | head``: exit 0, no traceback, whatever the format."""
    big = tmp_path / "molti.jsonl"
    big.write_text(
        "".join(json.dumps({"id": str(n), "text": f"{IT_A} Edizione {n}."}) + "\n" for n in range(400)),
        encoding="utf-8",
    )
    for fmt in ("table", "jsonl"):
        proc = subprocess.Popen(
            [*_command(), "analyze", "--format", fmt, "--lang", "it", big],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(200)
        proc.stdout.close()
        stderr = proc.stderr.read().decode("utf-8")
        assert proc.wait(timeout=120) == 0, (fmt, stderr)
        assert "Traceback" not in stderr, stderr


def test_real_command_with_workers_keeps_input_order(corpus: Path) -> None:
    inputs = [corpus / n for n in ["01-buono.txt", "vuoto.txt", "lotto.jsonl", "latin1.txt", "02-buono.txt"]]
    run = real("analyze", "--n-process", "2", "--batch-size", "2", *inputs)
    assert run.code == 1, run.stderr
    assert run.summary() == [e for p in inputs for e in MIXED_EXPECTED if e[0] == p.name]
    assert_valid(run.records)
    assert_reported(run)


def test_real_command_without_input_on_a_terminal_is_a_usage_error() -> None:
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([*_command(), "analyze"], stdin=follower, capture_output=True, timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert proc.returncode == 2
    assert b"no input" in proc.stderr
    assert proc.stdout == b""


def test_the_profile_option_offers_every_pipeline_profile() -> None:
    from cronaca.cli.main import Profile
    from cronaca.lang import PROFILES

    assert tuple(p.value for p in Profile) == PROFILES
