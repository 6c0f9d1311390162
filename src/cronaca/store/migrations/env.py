"""Alembic environment: migrations run on the connection that ``Store.open`` passes in."""

from __future__ import annotations

from alembic import context

from cronaca.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through cronaca.store.db.Store.open(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
