"""Initial schema: articles, copies, analyses, entities, times, ingest runs, rejections, and
full-text search (SQLite FTS5 / PostgreSQL tsvector).

Revision ID: 0001
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("source", sa.String(200)),
        sa.Column("published", sa.Date()),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("external_id", sa.String(200)),
        sa.Column("origin_path", sa.Text()),
        sa.Column("origin_line", sa.Integer()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("near_duplicate_of", sa.String(40), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("minhash", sa.LargeBinary()),
    )
    for column in ("url", "source", "published", "lang", "external_id", "near_duplicate_of"):
        op.create_index(f"ix_articles_{column}", "articles", [column])

    op.create_table(
        "article_copies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.String(40), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("url", sa.Text()),
        sa.Column("source", sa.String(200)),
        sa.Column("published", sa.Date()),
        sa.Column("origin_path", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("article_id", "url", "source", name="uq_copy"),
    )
    op.create_index("ix_article_copies_article_id", "article_copies", ["article_id"])

    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.String(40), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("pipeline", sa.String(100), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("stages", _json(), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("article_id", "pipeline", "version", name="uq_analysis_version"),
    )
    op.create_index("ix_analyses_current", "analyses", ["article_id", "current"])

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "analysis_id", sa.Integer(), sa.ForeignKey("analyses.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
    )
    op.create_index("ix_entities_analysis_id", "entities", ["analysis_id"])
    op.create_index("ix_entities_label_text", "entities", ["label", "text"])

    op.create_table(
        "times",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "analysis_id", sa.Integer(), sa.ForeignKey("analyses.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("type", sa.String(10), nullable=False),
        sa.Column("value", sa.String(40)),
    )
    op.create_index("ix_times_analysis_id", "times", ["analysis_id"])
    op.create_index("ix_times_value", "times", ["value"])

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("inputs", _json(), nullable=False),
        sa.Column("stats", _json(), nullable=False),
    )

    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "run_id", sa.Integer(), sa.ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("origin_path", sa.Text()),
        sa.Column("origin_line", sa.Integer()),
        sa.Column("external_id", sa.String(200)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_rejections_run_id", "rejections", ["run_id"])
    op.create_index("ix_rejections_code", "rejections", ["code"])

    if op.get_bind().dialect.name == "sqlite":
        # A standalone FTS5 table (articles have text ids, FTS5 external content needs rowids).
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED"
        )
        op.execute("CREATE INDEX ix_articles_search ON articles USING GIN (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE articles_fts")
    for table in ("rejections", "ingest_runs", "times", "entities", "analyses", "article_copies", "articles"):
        op.drop_table(table)
