"""Storage: articles, analyses and what was found in them, in SQLite or PostgreSQL."""
