"""Run a pipeline over a stream in worker processes, keeping input order and bounded memory.

``multiprocessing.Pool.imap`` reads its whole input ahead of the workers, so memory grows with
the input; here at most ``2 * n_process`` batches are in flight at any time.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING

from cronaca.errors import ConfigError

if TYPE_CHECKING:
    from cronaca.pipeline.pipeline import Item, PipelineSpec, Result, Runner

THREADS_ENV = "CRONACA_THREADS"


def default_threads() -> int:
    """Model calls a process runs at once: ``$CRONACA_THREADS``, else the cores (at most 4)."""
    value = os.environ.get(THREADS_ENV, "").strip()
    if not value:
        return min(4, os.cpu_count() or 1)
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"{THREADS_ENV} must be a whole number of at least 1, not {value!r}")
    return int(value)


# One pipeline per worker process, built once by the initializer: models load once per worker.
_worker: Runner | None = None


def _init_worker(spec: PipelineSpec, threads: int) -> None:
    global _worker
    # The cores are shared among the workers: each runs its model calls on its share, unless
    # the user set the number (more threads than cores only makes them wait on each other).
    os.environ.setdefault(THREADS_ENV, str(threads))
    _worker = spec.build()


def _run_batch(batch: list[Item]) -> list[Result]:
    assert _worker is not None, "worker not initialized"
    return _worker.process_batch(batch)


def parallel_pipe(
    spec: PipelineSpec, items: Iterable[Item], *, batch_size: int, n_process: int
) -> Iterator[Result]:
    iterator = iter(items)
    pending: deque[Future[list[Result]]] = deque()
    threads = max(1, (os.cpu_count() or 1) // n_process)
    with ProcessPoolExecutor(
        max_workers=n_process, initializer=_init_worker, initargs=(spec, threads)
    ) as pool:
        while batch := list(islice(iterator, batch_size)):
            pending.append(pool.submit(_run_batch, batch))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
