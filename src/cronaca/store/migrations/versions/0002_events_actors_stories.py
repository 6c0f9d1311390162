"""Actors, quotes, events (report and event level), stories and the actor registry.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _fk(column: str, target: str, ondelete: str = "CASCADE", **kw: Any) -> sa.Column[Any]:
    kind: sa.types.TypeEngine[Any] = sa.String(40) if target == "articles.id" else sa.Integer()
    return sa.Column(column, kind, sa.ForeignKey(target, ondelete=ondelete), **kw)


def _place() -> list[sa.Column[Any]]:
    return [
        sa.Column("place_name", sa.String(200)),
        sa.Column("place_country", sa.String(3)),
        sa.Column("place_lat", sa.Float()),
        sa.Column("place_lon", sa.Float()),
    ]


def _person() -> list[sa.Column[Any]]:
    return [
        sa.Column("country", sa.String(3)),
        sa.Column("org", sa.String(100)),
        sa.Column("sector", sa.String(20)),
        sa.Column("role", sa.String(200)),
    ]


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("analysis_id", "analyses.id", nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        *_person(),
        sa.Column("mentions", sa.Integer(), nullable=False),
    )
    for column in ("analysis_id", "key", "type", "country", "org"):
        op.create_index(f"ix_actors_{column}", "actors", [column])

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("analysis_id", "analyses.id", nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("speaker", sa.String(200)),
        sa.Column("speaker_key", sa.String(300)),
        sa.Column("speaker_text", sa.String(500)),
        sa.Column("speaker_kind", sa.String(20)),
        sa.Column("cue", sa.String(200)),
    )
    op.create_index("ix_quotes_analysis_id", "quotes", ["analysis_id"])
    op.create_index("ix_quotes_speaker_key", "quotes", ["speaker_key"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("type", sa.String(12), nullable=False),
        sa.Column("mode", sa.String(50)),
        sa.Column("context", _json(), nullable=False),
        sa.Column("day", sa.Date()),
        sa.Column("last_day", sa.Date()),
        *_place(),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("aux", _json(), nullable=False),
        sa.Column("actor", _json(), nullable=False),
        sa.Column("recipient", _json(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("cameo", sa.String(10)),
        sa.Column("num_reports", sa.Integer(), nullable=False),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_events_type_day", "events", ["type", "day"])
    op.create_index("ix_events_place_country", "events", ["place_country"])

    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("analysis_id", "analyses.id", nullable=False),
        _fk("article_id", "articles.id", nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(12), nullable=False),
        sa.Column("mode", sa.String(50)),
        sa.Column("context", _json(), nullable=False),
        sa.Column("actor", _json(), nullable=False),
        sa.Column("recipient", _json(), nullable=False),
        sa.Column("date", sa.String(40)),
        sa.Column("day", sa.Date()),
        *_place(),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("aux", _json(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.String(500), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("sentence_text", sa.Text(), nullable=False),
        sa.Column("quote", sa.Integer()),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("cameo", sa.String(10)),
        _fk("event_id", "events.id", ondelete="SET NULL"),
    )
    for column in ("analysis_id", "article_id", "event_id"):
        op.create_index(f"ix_event_reports_{column}", "event_reports", [column])
    op.create_index("ix_event_reports_type_day", "event_reports", ["type", "day"])

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("report_id", "event_reports.id", nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        _fk("actor_row_id", "actors.id", nullable=False),
    )
    op.create_index("ix_event_actors_report_id", "event_actors", ["report_id"])
    op.create_index("ix_event_actors_actor_row_id", "event_actors", ["actor_row_id"])

    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("event_id", "events.id", nullable=False),
        _fk("report_id", "event_reports.id", nullable=False),
        _fk("article_id", "articles.id", nullable=False),
        _fk("copy_id", "article_copies.id"),
        sa.Column("source", sa.String(200)),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.Date()),
    )
    for column in ("event_id", "report_id", "article_id"):
        op.create_index(f"ix_event_sources_{column}", "event_sources", [column])

    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("terms", _json(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_stories_first_date", "stories", ["first_date"])
    op.create_index("ix_stories_last_date", "stories", ["last_date"])

    op.create_table(
        "story_articles",
        _fk("article_id", "articles.id", primary_key=True),
        _fk("story_id", "stories.id", nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])

    op.create_table(
        "story_terms",
        sa.Column("term", sa.String(300), primary_key=True),
        sa.Column("df", sa.Integer(), nullable=False),
    )

    op.create_table(
        "registry_actors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("surname", sa.String(200), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        *_person(),
        sa.Column("first_seen", sa.Date()),
        sa.Column("last_seen", sa.Date()),
        sa.Column("observations", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_registry_actors_surname", "registry_actors", ["surname"])

    op.create_table(
        "registry_observations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("registry_id", "registry_actors.id", nullable=False),
        _fk("article_id", "articles.id", nullable=False),
        sa.Column("day", sa.Date()),
        sa.Column("name", sa.String(500), nullable=False),
        *_person(),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("registry_id", "article_id", name="uq_observation"),
    )
    op.create_index("ix_registry_observations_registry_id", "registry_observations", ["registry_id"])
    op.create_index("ix_registry_observations_article_id", "registry_observations", ["article_id"])


def downgrade() -> None:
    for table in (
        "registry_observations",
        "registry_actors",
        "story_terms",
        "story_articles",
        "stories",
        "event_sources",
        "event_actors",
        "event_reports",
        "events",
        "quotes",
        "actors",
    ):
        op.drop_table(table)
