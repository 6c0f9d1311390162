"""Ingest benchmark: articles/s of ``cronaca ingest`` and database size per 1,000 articles.

Writes N synthetic Italian articles (the generator of ``stream_memory.py``) as JSON Lines,
ingests them into a fresh database (SQLite by default, or ``--db URL``), then ingests them again
to time the idempotent re-run (everything already stored). Reports both throughputs and, for
SQLite, the file size per 1,000 articles, and how much of the first run was spent writing to the
database (articles, analyses, actor/quote/event rows, stories, registry and event merging: the
``store_seconds`` the ingest records in ``ingest_runs``) rather than reading and analysing.

    .venv/bin/python benchmarks/ingest_throughput.py --size 2000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stream_memory import write_articles


def _ingest(data: Path, db: str, n_process: int) -> float:
    command = [
        sys.executable,
        "-m",
        "cronaca.cli.main",
        "ingest",
        str(data),
        "--db",
        db,
        "--lang",
        "it",
        "-q",
        "-j",
        str(n_process),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        raise SystemExit(2)
    return elapsed


def _first_run_stats(db: str) -> dict[str, Any]:
    from cronaca.store.db import Store
    from cronaca.store.schema import IngestRun

    with Store.open(db) as store, store.session() as session:
        run = session.query(IngestRun).order_by(IngestRun.id).first()
        return dict(run.stats) if run else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="number of articles")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "articles.jsonl"
        words = write_articles(data, args.size, args.seed)
        db = args.db or str(Path(tmp) / "bench.db")
        first = _ingest(data, db, args.n_process)
        second = _ingest(data, db, args.n_process)
        print(
            f"cronaca ingest, {args.size:,} articles ({words:,} words), n_process={args.n_process}, "
            f"database: {'SQLite' if not args.db else args.db.split(':')[0]}"
        )
        print(
            f"  first run : {first:6.1f} s  {args.size / first:7.1f} articles/s  "
            f"{words / first:8,.0f} words/s (including ~3 s of model loading)"
        )
        stats = _first_run_stats(db)
        store_s = float(stats.get("store_seconds", 0.0))
        print(
            f"  of which  : {store_s:6.1f} s writing to the database "
            f"({store_s / args.size * 1000:.1f} ms an article; {stats.get('new_stories', 0):,} stories)"
        )
        print(f"  re-run    : {second:6.1f} s  {args.size / second:7.1f} articles/s (all already stored)")
        if not args.db:
            size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
            per_thousand = size / 1e6 / args.size * 1000
            print(f"  database  : {size / 1e6:6.1f} MB, {per_thousand:.1f} MB per 1,000 articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
