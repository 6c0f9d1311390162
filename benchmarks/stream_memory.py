"""Streaming benchmark: throughput and peak memory of ``cronaca analyze`` as the input grows.

Generates short, varied Italian news articles as JSON Lines (synthesised from templates with
varied names, places and numbers: no corpus is needed or copied), runs ``cronaca analyze --format
jsonl`` on each size as a subprocess and reports articles/s, words/s and the child's peak memory.
``analyze`` streams its input, so peak memory must not grow with the number of articles: the
script exits with status 1 when the peak at the largest size exceeds the peak at the smallest by
more than 20 % + 50 MB.

    .venv/bin/python benchmarks/stream_memory.py [--sizes 1000,10000] [--n-process 1]

Peak memory is measured two ways: ``ru_maxrss`` of the child from ``wait4`` (the largest single
process, workers included), and the largest sum of RSS over the child's process tree, polled from
``/proc`` (what the machine actually had to provide when ``--n-process`` > 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# --- article generator -----------------------------------------------------------------------

# fmt: off
FIRST = [
    "Giuseppe", "Maria", "Luca", "Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Paolo",
    "Elena", "Roberto", "Sara", "Stefano", "Valentina", "Andrea", "Federica", "Matteo", "Laura",
]
LAST = [
    "Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
    "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi",
]
CITIES = [
    "Roma", "Milano", "Napoli", "Torino", "Palermo", "Genova", "Bologna", "Firenze", "Bari", "Catania",
    "Venezia", "Verona", "Trieste", "Cagliari", "Perugia", "Pescara", "Trento",
]
FOREIGN = [
    "Bruxelles", "Parigi", "Berlino", "Madrid", "Washington", "Mosca", "Pechino", "Ginevra", "Vienna",
    "Londra", "Kiev", "Ankara", "Tel Aviv", "Tunisi", "Atene",
]
# fmt: on
ORGS = [  # (as a subject, after "di")
    ("la NATO", "della NATO"),
    ("l'ONU", "dell'ONU"),
    ("la Commissione europea", "della Commissione europea"),
    ("il governo", "del governo"),
    ("la Regione", "della Regione"),
    ("la Procura", "della Procura"),
    ("il ministero dell'Interno", "del ministero dell'Interno"),
    ("la Banca d'Italia", "della Banca d'Italia"),
    ("il Parlamento europeo", "del Parlamento europeo"),
    ("la Protezione civile", "della Protezione civile"),
    ("i sindacati", "dei sindacati"),
    ("Confindustria", "di Confindustria"),
    ("la Croce Rossa", "della Croce Rossa"),
    ("l'Unione europea", "dell'Unione europea"),
]
ROLES = [
    "il ministro degli Esteri",
    "il sindaco",
    "il presidente della Regione",
    "il procuratore capo",
    "il portavoce del governo",
    "il segretario generale",
    "il prefetto",
    "il direttore generale",
    "l'ambasciatore",
    "il commissario straordinario",
]
AGENCIES = ["ANSA", "AGI", "Adnkronos", "LaPresse"]
WEEKDAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
MONTHS = [
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
]  # fmt: skip
TOPICS = [
    "la riforma delle pensioni",
    "i fondi per la ricostruzione",
    "la crisi energetica",
    "il piano per le scuole",
    "la sicurezza sul lavoro",
    "il trasporto pubblico",
    "l'emergenza idrica",
    "la sanità territoriale",
    "l'accordo sui migranti",
    "il bilancio",
]

SENTENCES = [
    "{role} {person} ha incontrato {weekday} a {city} i rappresentanti {org_di} per discutere {topic}.",
    "«Siamo pronti a fare la nostra parte, ma servono risorse certe», ha detto {person} ai giornalisti.",
    "Secondo {org}, i lavori dovrebbero concludersi entro il {day} {month}, "
    "con un costo di {money} milioni di euro.",
    "All'incontro hanno partecipato anche delegazioni giunte da {foreign} e da {foreign2}.",
    "{org2} ha annunciato lo stanziamento di {money} milioni per {topic}.",
    "Il bilancio provvisorio parla di {number} persone coinvolte e di {small} feriti.",
    "La decisione è arrivata dopo {small} ore di trattative, ha riferito {person2}.",
    "{person} ha accusato i vertici {org_di} di aver ignorato gli avvertimenti degli esperti.",
    "Nel {year} una misura simile era stata respinta dal Parlamento con {number} voti contrari.",
    "Le opposizioni hanno chiesto un'informativa urgente sul caso, che sarà discussa {weekday} prossimo.",
    "«Non accetteremo compromessi al ribasso», ha dichiarato {role2} {person2}.",
    "A {city2} centinaia di persone sono scese in piazza per protestare contro {topic}.",
    "Le autorità di {foreign} hanno espresso preoccupazione e convocato l'ambasciatore italiano.",
    "Secondo i dati diffusi {weekday}, la disoccupazione è scesa al {percent} per cento.",
    "Le indagini, coordinate dalla Procura di {city2}, riguardano appalti per oltre {money} milioni.",
    "{person2} ha detto che la visita a {foreign} è stata rinviata a data da destinarsi.",
    "Il vertice si terrà a {foreign2} il {day} {month} alla presenza dei capi di Stato e di governo.",
    "Tra i punti dell'accordo figurano {small} nuovi centri di accoglienza e {number} assunzioni.",
]


def _article(rng: random.Random, n: int) -> dict[str, object]:
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(1500))

    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    org, org2 = rng.sample(ORGS, 2)
    role = rng.choice(ROLES)
    slots: dict[str, str | int] = {
        "person": person(),
        "person2": person(),
        "role": role[0].upper() + role[1:],
        "role2": rng.choice(ROLES),
        "city": rng.choice(CITIES),
        "city2": rng.choice(CITIES),
        "foreign": rng.choice(FOREIGN),
        "foreign2": rng.choice(FOREIGN),
        "org": org[0],
        "org_di": org[1],
        "org2": org2[0][0].upper() + org2[0][1:],
        "topic": rng.choice(TOPICS),
        "weekday": rng.choice(WEEKDAYS),
        "day": rng.randrange(2, 29),
        "month": rng.choice(MONTHS),
        "year": rng.randrange(1995, 2019),
        "money": rng.randrange(2, 900),
        "number": f"{rng.randrange(10, 5000):,}".replace(",", "."),
        "small": rng.randrange(2, 30),
        "percent": f"{rng.randrange(40, 120) / 10:.1f}".replace(".", ","),
    }
    dateline = (
        f"{str(slots['city']).upper()}, {published.day} {MONTHS[published.month - 1]} {published.year} "
        f"({rng.choice(AGENCIES)}) – "
    )
    body = [sentence.format(**slots) for sentence in rng.sample(SENTENCES, rng.randrange(4, 9))]
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    return {
        "id": f"bench-{n:06d}",
        "title": f"{slots['org2']}: {slots['topic']}",
        "published": published.isoformat(),
        "source": "benchmark",
        "text": dateline + "\n".join(paragraphs),
    }


def write_articles(path: Path, count: int, seed: int) -> int:
    """Write ``count`` articles to ``path`` as JSON Lines; return their number of words."""
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            article = _article(rng, n)
            words += len(str(article["text"]).split())
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return words


# --- measuring a run -------------------------------------------------------------------------

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    return kids


def _tree_rss(pid: int) -> int:
    """Sum of the resident memory of ``pid`` and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(p)
    return total


@dataclass
class Result:
    size: int
    words: int
    outputs: int
    rejected: int
    wall: float
    startup: float
    rate_window: float
    maxrss: int  # bytes, largest single process (wait4)
    tree_peak: int  # bytes, largest sum over the process tree (/proc polling)
    status: int

    @property
    def articles_per_s(self) -> float:
        # Steady-state rate: from the first result to the last (pipeline loading excluded).
        return (self.outputs - 1) / self.rate_window if self.rate_window > 0 else float("nan")

    @property
    def words_per_s(self) -> float:
        return self.articles_per_s * self.words / self.size


def run(path: Path, size: int, words: int, args: argparse.Namespace) -> Result:
    command = [sys.executable, "-m", "cronaca.cli.main", "analyze", "--format", "jsonl", "--quiet"]
    command += ["--n-process", str(args.n_process), "--batch-size", str(args.batch_size)]
    if args.lang:
        command += ["--lang", args.lang]
    command += ["--profile", args.profile]
    started = time.perf_counter()
    proc = subprocess.Popen([*command, str(path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    outputs = rejected = 0
    first = last = started
    for line in proc.stdout:
        outputs += 1
        if outputs == 1:
            first = time.perf_counter()
        if b'"rejected":true' in line[:64]:
            rejected += 1
    last = time.perf_counter()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    poller.join()
    return Result(
        size=size,
        words=words,
        outputs=outputs,
        rejected=rejected,
        wall=last - started,
        startup=first - started,
        rate_window=last - first,
        maxrss=usage.ru_maxrss * 1024,  # Linux reports kilobytes
        tree_peak=peak,
        status=proc.returncode,
    )


# --- main ------------------------------------------------------------------------------------

MB = 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--n-process", type=int, default=1, help="worker processes (--n-process)")
    parser.add_argument("--batch-size", type=int, default=32, help="articles per batch")
    parser.add_argument("--lang", default=None, help="pass --lang (default: detect per article)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", default="default", help="pipeline profile: default or fast")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 2:
        parser.error("--sizes needs counts of at least 2")

    print(
        f"cronaca analyze --format jsonl, n_process={args.n_process}, batch_size={args.batch_size}, "
        f"lang={args.lang or 'auto'}, profile={args.profile}; "
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="cronaca-bench-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"articles-{size}.jsonl"
            words = write_articles(path, size, args.seed)
            result = run(path, size, words, args)
            results.append(result)
            # Status 1 only says that some articles were rejected (counted in the table).
            if result.status not in (0, 1) or result.outputs != size:
                print(
                    f"error: {size:,} articles gave {result.outputs:,} results "
                    f"({result.rejected:,} rejected), exit status {result.status}",
                    file=sys.stderr,
                )
                return 2

    header = (
        f"{'articles':>9} {'words':>10} {'rejected':>8} {'wall s':>7} {'load s':>7} "
        f"{'articles/s':>10} {'words/s':>9} {'maxrss MB':>9} {'tree peak MB':>12}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.size:>9,} {r.words:>10,} {r.rejected:>8,} {r.wall:>7.1f} {r.startup:>7.1f} "
            f"{r.articles_per_s:>10,.0f} {r.words_per_s:>9,.0f} "
            f"{r.maxrss / MB:>9.1f} {r.tree_peak / MB:>12.1f}"
        )

    small, large = results[0], results[-1]
    ok = True
    for label, lo, hi in [
        ("maxrss", small.maxrss, large.maxrss),
        ("tree peak", small.tree_peak, large.tree_peak),
    ]:
        limit = lo * 1.2 + 50 * MB
        verdict = "ok" if hi <= limit else "GROWS"
        ok = ok and hi <= limit
        print(
            f"{label}: {hi / MB:.1f} MB at {large.size:,} vs {lo / MB:.1f} MB at {small.size:,} "
            f"(limit {limit / MB:.1f} MB = +20 % + 50 MB): {verdict}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
