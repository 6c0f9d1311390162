"""Opening a store: an engine with the right settings, migrated to the latest schema.

SQLite is the embedded default (one file, WAL mode so readers never block the writer, foreign
keys on); PostgreSQL is for a shared server. Both run the same Alembic migrations.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from cronaca.errors import ConfigError

if TYPE_CHECKING:
    import datetime as dt

    from cronaca.store.registry import RegistryEntry

DEFAULT_DB = "cronaca.db"


def database_url(value: str) -> str:
    """A SQLAlchemy URL from what a user types: a URL, or a path to a SQLite file."""
    if "://" in value:
        if value.startswith("postgresql://"):
            return "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value
    return f"sqlite:///{Path(value).expanduser()}"


class Store:
    """A Cronaca database. Use :meth:`open`; close it when done (or use ``with``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    def open(cls, url: str = DEFAULT_DB, *, migrate: bool = True) -> Store:
        full = database_url(url)
        try:
            engine = create_engine(full, future=True)
        except Exception as exc:
            raise ConfigError(f"cannot use database {url!r}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        if migrate:
            try:
                store.migrate()
            except Exception as exc:
                engine.dispose()
                raise ConfigError(f"cannot open database {url!r}: {exc}") from exc
        return store

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option(
            "script_location", str(resources.files("cronaca.store").joinpath("migrations"))
        )
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def registry_lookup(self, name: str, at: dt.date | None = None) -> RegistryEntry | None:
        """The person a name designates across the stored articles ("Stoltenberg" → Jens
        Stoltenberg, NATO, secretary general), or None when unknown or ambiguous; with ``at``,
        their profile as of that day. See :mod:`cronaca.store.registry`."""
        from cronaca.store.registry import lookup

        with self.session() as session:
            return lookup(session, name, at)

    def registry_candidates(self, name: str, at: dt.date | None = None) -> list[RegistryEntry]:
        """Every registered person a name may designate, the likeliest first."""
        from cronaca.store.registry import candidates

        with self.session() as session:
            return candidates(session, name, at)

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe with WAL
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
