"""Errors. Three kinds, as in STYLE.md:

* :class:`ConfigError` — a mistake in how Cronaca is set up (unknown language, a pipeline whose
  stages do not connect, invalid language data). Raised early, with a message saying how to fix it.
* :class:`InputRejected` — one input cannot be analysed (empty, binary, wrong language...).
  It carries a :class:`~cronaca.model.RejectCode` and becomes a recorded
  :class:`~cronaca.model.Rejection` in batches; a batch goes on past it.
* anything else raised inside a stage is a bug; batches record it as ``internal_error`` and go on.
"""

from __future__ import annotations

from cronaca.model import Origin, RejectCode, Rejection


class CronacaError(Exception):
    """Base class of Cronaca's own errors."""


class ConfigError(CronacaError):
    """Cronaca is set up wrongly; the message says how to fix it."""


class InputRejected(CronacaError):
    """An input that cannot be analysed, with a stable reason code."""

    def __init__(self, code: RejectCode, reason: str) -> None:
        super().__init__(f"{code.value}: {reason}")
        self.code = code
        self.reason = reason

    def to_rejection(self, origin: Origin | None = None, external_id: str | None = None) -> Rejection:
        return Rejection(code=self.code, reason=self.reason, origin=origin, external_id=external_id)
