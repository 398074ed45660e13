"""Coding inside worker processes: each worker loads the coder once and turns articles into
finished events, so the parent only reads inputs and writes results.

``Coder.code_articles`` with ``n_process`` parses in spaCy's workers but runs dotterel's own
stages in the parent, which then becomes the bottleneck at two processes. ``PooledCoder``
hands whole chunks of articles to a process pool instead; results come back in input order.
The pool's initializer loads one coder per worker (``worker_coder``), which the lake's local
engine uses too.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from dotterel.coding.coder import Coder, choose_processes, shared_coder
from dotterel.records import Article, Event
from dotterel.settings import Settings

# Fork where the platform has it: a worker starts with the parent's imports (as spaCy's own
# n_process does), so only the coder's load is paid per worker; elsewhere, spawn.
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
# Articles per task and tasks in flight per worker: enough to keep a worker busy while the
# parent reads ahead, few enough that memory stays flat on an endless stream.
CHUNK_ARTICLES = 16
IN_FLIGHT_PER_WORKER = 4


def worker_settings(settings: Settings) -> Settings:
    """The settings a worker codes with: its own coder never starts processes of its own."""
    return replace(settings, n_process=1)


# Why this worker's coder could not load: an initializer that raises breaks the whole pool
# with no message, so the error is kept and raised by each task instead.
_LOAD_ERROR: list[Exception] = []


def start_worker(settings: Settings) -> None:
    """A pool's initializer: load this worker's coder once (kept by ``shared_coder``)."""
    try:
        shared_coder(worker_settings(settings))
    except Exception as exc:  # reported by the tasks, see _LOAD_ERROR
        _LOAD_ERROR.append(exc)


def worker_coder(settings: Settings) -> Coder:
    """This worker's loaded coder (raises what stopped it from loading)."""
    if _LOAD_ERROR:
        raise RuntimeError(f"the worker could not load the coder: {_LOAD_ERROR[0]}")
    return shared_coder(worker_settings(settings))


def code_chunk(settings: Settings, articles: list[Article]) -> list[list[Event]]:
    """A worker's task: code a chunk of articles with this worker's coder."""
    coder = worker_coder(settings)
    return [events for _, events in coder.code_articles(articles)]


def worker_pool(settings: Settings, processes: int) -> ProcessPoolExecutor:
    """A process pool whose workers each load the coder for ``settings`` on start."""
    return ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=start_worker,
        initargs=(settings,),
    )


@dataclass(frozen=True)
class PooledCoder:
    """An ``ArticleCoder`` that codes in worker processes (``processes`` 0: decide by input
    size, in this process for small inputs); the parent loads no model unless it codes."""

    settings: Settings
    processes: int = 0

    def code_articles(self, articles: Iterable[Article]
                      ) -> Iterator[tuple[Article, list[Event]]]:
        """Code articles in order, streaming, in the workers."""
        processes = self.processes
        iterator = iter(articles)
        if processes == 0:
            processes, iterator = choose_processes(iterator)
        if processes <= 1:
            yield from shared_coder(worker_settings(self.settings)).code_articles(iterator)
            return
        yield from self._pooled(iterator, processes)

    def _pooled(self, articles: Iterator[Article], processes: int
                ) -> Iterator[tuple[Article, list[Event]]]:
        """Chunks to the pool, a bounded number in flight, results in input order."""
        pending: deque[tuple[list[Article], Future[list[list[Event]]]]] = deque()
        limit = processes * IN_FLIGHT_PER_WORKER
        with worker_pool(self.settings, processes) as pool:
            while True:
                chunk = list(itertools.islice(articles, CHUNK_ARTICLES))
                if chunk:
                    pending.append((chunk, pool.submit(code_chunk, self.settings, chunk)))
                while pending and (len(pending) >= limit or not chunk):
                    done, future = pending.popleft()
                    yield from zip(done, future.result(), strict=True)
                if not chunk and not pending:
                    return
