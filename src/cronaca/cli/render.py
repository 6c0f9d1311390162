"""Human-readable rendering of documents for the terminal (``--format table``)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cronaca.model import Document, Rejection

_LABEL_STYLE = {"PER": "bold cyan", "ORG": "bold magenta", "LOC": "bold green"}


def render(console: Console, result: Document | Rejection) -> None:
    if isinstance(result, Rejection):
        console.print(
            Panel(
                Text(result.reason),
                title=f"[bold red]rejected[/] {escape(result.location())}  [red]{result.code.value}[/]",
                border_style="red",
            )
        )
        return
    console.print(_document(result))


def _document(doc: Document) -> Panel:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="dim")
    meta.add_column()
    for key, value in [
        ("id", doc.id),
        ("lang", f"{doc.lang}" + (f" ({doc.lang_score:.2f})" if doc.lang_score else "")),
        ("published", str(doc.published) if doc.published else "—"),
        ("title", doc.title),
        ("source", doc.source),
        ("url", doc.url),
        ("dateline", doc.dateline.text if doc.dateline else None),
        ("size", f"{len(doc.tokens)} tokens, {len(doc.sentences)} sentences"),
    ]:
        if value:
            meta.add_row(key, Text(value))  # Text: titles and paths are not markup
    parts: list[Table | Text] = [meta, Text(""), _highlighted(doc)]
    if doc.entities:
        table = Table(title="entities", title_justify="left", expand=False)
        table.add_column("label")
        table.add_column("text")
        table.add_column("mentions", justify="right")
        table.add_column("first at", justify="right")
        seen: dict[tuple[str, str], list[int]] = {}
        for e in doc.entities:
            seen.setdefault((e.label, e.text), []).append(e.start)
        for (label, text), starts in seen.items():
            table.add_row(
                Text(label, style=_LABEL_STYLE[label]), Text(text), str(len(starts)), str(starts[0])
            )
        parts += [Text(""), table]
    if doc.times:
        times = Table(title="times", title_justify="left", expand=False)
        for col in ("text", "type", "value", "at"):
            times.add_column(col, justify="right" if col == "at" else "left")
        for t in doc.times:
            value = (t.value or "—") + ("" if t.resolved else " (unresolved)")
            times.add_row(escape(t.text), t.type, value, str(t.start))
        parts += [Text(""), times]
    if doc.actors:
        actors = Table(title="actors", title_justify="left", expand=False)
        for col in ("name", "type", "country", "org", "sector", "role", "mentions"):
            actors.add_column(col, justify="right" if col == "mentions" else "left")
        for a in doc.actors:
            actors.add_row(
                escape(a.name),
                a.type,
                a.country or "",
                a.org or "",
                a.sector or "",
                escape(a.role or ""),
                str(len(a.mentions)),
            )
        parts += [Text(""), actors]
    if doc.places:
        places = Table(title="places", title_justify="left", expand=False)
        for col in ("text", "name", "country", "lat", "lon"):
            places.add_column(col)
        shown: set[tuple[str, str | None]] = set()
        for p in doc.places:
            if (p.text, p.country) in shown:
                continue
            shown.add((p.text, p.country))
            places.add_row(
                escape(p.text),
                escape(p.name),
                p.country or "",
                "" if p.lat is None else f"{p.lat:.2f}",
                "" if p.lon is None else f"{p.lon:.2f}",
            )
        parts += [Text(""), places]
    if doc.quotes:
        quotes = Table(title="quotes", title_justify="left", expand=False)
        for col in ("speaker", "cue", "kind", "content"):
            quotes.add_column(col)
        names = {a.id: a.name for a in doc.actors}
        for q in doc.quotes:
            speaker = q.speaker_text or ""
            actor = names.get(q.speaker or "")
            if actor and actor.lower() not in speaker.lower():  # "Hanno detto" → i diplomatici
                speaker = f"{speaker} → {actor}" if speaker else actor
            content = q.text if len(q.text) <= 90 else q.text[:87] + "…"
            kind = "direct" if q.direct else "reported"
            if q.flags:
                kind += f" ({', '.join(q.flags)})"
            quotes.add_row(escape(speaker), escape(q.cue or ""), kind, escape(content))
        parts += [Text(""), quotes]
    if doc.events:
        parts.append(Text(f"events: {len(doc.events)}"))
    title = doc.title or (doc.origin.path if doc.origin and doc.origin.path else "document")
    return Panel(Group(*parts), title=f"[bold]{escape(title)}[/]", title_align="left")


def _highlighted(doc: Document, limit: int = 1200) -> Text:
    """The start of the text with entities coloured, so a reader sees what was found where."""
    shown = doc.text[:limit]
    text = Text(shown + (" …" if len(doc.text) > limit else ""))
    for e in doc.entities:
        if e.end <= limit:
            text.stylize(_LABEL_STYLE[e.label], e.start, e.end)
    return text
