"""Run a pipeline over a stream in worker processes, keeping input order and bounded memory.

``multiprocessing.Pool.imap`` reads its whole input ahead of the workers, so memory grows with
the input; here at most ``2 * n_process`` batches are in flight at any time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cronaca.pipeline.pipeline import Item, PipelineSpec, Result, Runner

# One pipeline per worker process, built once by the initializer: models load once per worker.
_worker: Runner | None = None


def _init_worker(spec: PipelineSpec) -> None:
    global _worker
    _worker = spec.build()


def _run_batch(batch: list[Item]) -> list[Result]:
    assert _worker is not None, "worker not initialized"
    return _worker.process_batch(batch)


def parallel_pipe(
    spec: PipelineSpec, items: Iterable[Item], *, batch_size: int, n_process: int
) -> Iterator[Result]:
    iterator = iter(items)
    pending: deque[Future[list[Result]]] = deque()
    with ProcessPoolExecutor(max_workers=n_process, initializer=_init_worker, initargs=(spec,)) as pool:
        while batch := list(islice(iterator, batch_size)):
            pending.append(pool.submit(_run_batch, batch))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
