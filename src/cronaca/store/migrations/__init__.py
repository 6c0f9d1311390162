"""Alembic migrations of the Cronaca database (run by ``Store.open``)."""
