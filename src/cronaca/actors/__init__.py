"""Actors: the knowledge base of states, organisations and sector words (``actors/data/``) that
the actor stage resolves mentions against. See ``docs/actors-kb.md``."""
