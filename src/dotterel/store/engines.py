"""Lake ingest: plan the shards, skip the finished ones, and code the rest on an engine.

Two engines write the same files: ``local`` (a process pool on this machine, the default)
and ``ray`` (Ray Data's actor pool on a cluster, ``store.ray_engine``). Either way a worker
loads the coder once, and each shard is coded, written and marked done by its manifest
inside the worker, so the driver only plans, counts and reports.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from dotterel.coding.coder import coder_version
from dotterel.coding.pool import worker_coder, worker_pool
from dotterel.inputs.readers import InputError
from dotterel.inputs.sources import ReadOptions
from dotterel.settings import DEFAULT_ENGINE, DEFAULT_WORKERS, Settings
from dotterel.store.jobs import EngineError, LakeJob, run_shard
from dotterel.store.lake import Lake, ShardReport
from dotterel.store.shards import DEFAULT_SHARD_BYTES, Shard, plan_shards

ENGINES = ("local", "ray")
# A pool whose worker died (killed, out of memory) is started again for the shards left,
# this many times in all; a shard that then still fails is reported and left for a re-run.
MAX_POOL_STARTS = 4


def _local_task(job: LakeJob, shard: Shard) -> dict[str, Any]:
    """A local worker's task: one shard with this worker's coder."""
    return run_shard(job, shard, worker_coder(job.settings))


@dataclass(frozen=True)
class LakeSummary:
    """What one lake ingest did (counts of this run; finished shards are skipped)."""

    shards: int
    skipped: int
    coded: int
    read: int
    articles: int
    events: int
    failed: int
    failed_shards: int
    restarts: int
    seconds: float

    @property
    def exit_code(self) -> int:
        """0 when every input was read and every shard written, else 1."""
        return 1 if self.failed or self.failed_shards else 0


def run_local(job: LakeJob, shards: Sequence[Shard], workers: int,
              on_report: Callable[[ShardReport], None],
              on_error: Callable[[InputError], None]) -> tuple[int, int]:
    """Code shards in a pool of ``workers`` processes; (shards that failed, pool restarts)."""
    lake = Lake(job.lake)
    todo = {s.id: s for s in shards}
    restarts = failed = 0
    for start in range(MAX_POOL_STARTS):
        if start:
            restarts += 1
            # A dead worker's shard may have finished its manifest before it died.
            todo = {k: s for k, s in todo.items() if k not in lake.done()}
            lake.sweep(set(todo))
        if not todo:
            break
        with worker_pool(job.settings, max(1, min(workers, len(todo)))) as pool:
            futures: dict[Future[dict[str, Any]], Shard] = {
                pool.submit(_local_task, job, s): s for s in todo.values()
            }
            try:
                for future in as_completed(futures):
                    shard = futures[future]
                    try:
                        report = ShardReport.from_manifest(future.result())
                    except BrokenProcessPool:
                        raise
                    except Exception as exc:  # a bug or a full disk: report it, go on
                        failed += 1
                        todo.pop(shard.id)
                        on_error(InputError(shard.describe(), None, f"shard failed: {exc}"))
                        continue
                    todo.pop(shard.id)
                    on_report(report)
            except BrokenProcessPool:
                continue  # a worker died: a new pool codes the shards left
        break
    if todo:
        for shard in todo.values():
            on_error(InputError(shard.describe(), None, "shard not coded: its workers kept "
                                "dying; run the same command again"))
        failed += len(todo)
    return failed, restarts


def ingest_lake(
    paths: Sequence[str],
    lake_url: str,
    settings: Settings,
    options: ReadOptions | None = None,
    source: str | None = None,
    engine: str = DEFAULT_ENGINE,
    workers: int = DEFAULT_WORKERS,
    address: str | None = None,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    on_error: Callable[[InputError], None] = lambda error: None,
    on_report: Callable[[ShardReport, int, int], None] | None = None,
    quiet: bool = False,
) -> LakeSummary:
    """Code the inputs' unfinished shards into the lake on an engine; count what was done.

    ``workers`` 0: one per CPU (of this machine, or of the Ray cluster). ``on_report`` is
    called with each finished shard and the running and total shard counts.
    """
    if engine not in ENGINES:
        raise EngineError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    began = time.perf_counter()
    version = coder_version(settings)
    shards, errors = plan_shards(paths, version, shard_bytes)
    for error in errors:
        on_error(error)
    lake = Lake(lake_url)
    done = lake.done()
    pending = [s for s in shards if s.id not in done]
    # Temporary files of a run that was killed, for the shards this run codes again.
    lake.sweep({s.id for s in pending})
    job = LakeJob(lake_url, settings, options or ReadOptions(), version, source)
    counts = {"coded": 0, "read": 0, "articles": 0, "events": 0, "failed": 0}

    def report(r: ShardReport) -> None:
        counts["coded"] += 1
        counts["read"] += r.read
        counts["articles"] += r.articles
        counts["events"] += r.events
        counts["failed"] += r.failed
        for error in r.errors:
            on_error(error)
        if r.failed > len(r.errors):
            on_error(InputError(r.path, None, f"{r.failed - len(r.errors)} more input errors "
                                f"(the manifest lists the first {len(r.errors)})"))
        if on_report:
            on_report(r, counts["coded"], len(pending))

    failed_shards = restarts = 0
    if pending:
        if engine == "ray":
            from dotterel.store.ray_engine import run_ray

            failed_shards = run_ray(job, pending, workers, address, report, quiet)
        else:
            n = workers or os.cpu_count() or 1
            failed_shards, restarts = run_local(job, pending, n, report, on_error)
    lake.sweep({s.id for s in pending})
    return LakeSummary(
        len(shards), len(shards) - len(pending), counts["coded"], counts["read"],
        counts["articles"], counts["events"], counts["failed"] + len(errors), failed_shards,
        restarts, time.perf_counter() - began,
    )
