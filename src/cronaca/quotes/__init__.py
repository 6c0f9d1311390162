"""Quotes: direct and reported speech with its speaker (docs/quotes.md)."""
