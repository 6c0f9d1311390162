"""Evaluation commands: score Cronaca's stages on annotated data anyone can rerun."""
