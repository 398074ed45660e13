"""The Ray engine (``--engine ray``, the ``cluster`` extra): Ray Data over the shards, with an
actor pool of one actor per CPU, each loading the coder once.

Ray is imported inside the functions here, and nowhere else in dotterel, so ``import
dotterel`` and the CLI work without it. Ray Data restarts a lost actor and retries its task
(``max_restarts`` and ``max_task_retries`` -1 for actor pools), and a retried shard rewrites
its own files with the same bytes, so a killed worker costs time, never correctness.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any

from dotterel.coding.coder import Coder, shared_coder
from dotterel.coding.pool import worker_settings
from dotterel.store.jobs import EngineError, LakeJob, run_shard
from dotterel.store.lake import ShardReport
from dotterel.store.shards import Shard

INSTALL = "the Ray engine needs the cluster extra: pip install 'dotterel[cluster]'"
# A local cluster on a small machine: a modest object store (shards travel as their
# description only; the workers write their rows to the lake themselves).
OBJECT_STORE_BYTES = 256 * 1024 * 1024
# Ray's own usage statistics stay off: nothing leaves the machine.
NO_USAGE_STATS = {"RAY_USAGE_STATS_ENABLED": "0"}
# A local cluster talks to itself on the loopback address only (Ray reads this when it is
# imported; on a real cluster each node advertises its own address).
LOOPBACK_ONLY = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
# Where `ray start` keeps the cluster's authentication token (Ray's default).
TOKEN_FILE = Path.home() / ".ray" / "auth_token"


def import_ray(local: bool = False) -> ModuleType:
    """The ``ray`` module with Ray Data, or EngineError saying how to install it."""
    for key, value in {**NO_USAGE_STATS, **(LOOPBACK_ONLY if local else {})}.items():
        os.environ.setdefault(key, value)
    if not local and (TOKEN_FILE.is_file() or "RAY_AUTH_TOKEN" in os.environ):
        # A driver joining a cluster by its address sends Ray's token only in token mode.
        os.environ.setdefault("RAY_AUTH_MODE", "token")
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data comes with ray[data])
    except ImportError as exc:
        raise EngineError(f"{INSTALL} ({exc})") from None
    return ray


class ShardWorker:
    """A Ray Data actor: loads the coder once, then codes and writes one shard per row."""

    def __init__(self, job: LakeJob) -> None:
        """Load this actor's coder."""
        self.job = job
        self.coder: Coder | None = None
        self.error: str | None = None
        try:
            # (The process's own coder: it is kept, and frozen out of the collector's way.)
            self.coder = shared_coder(worker_settings(job.settings))
        except Exception as exc:
            # Raised from __init__, Ray would restart the actor for ever; from a task, the
            # job stops with this message.
            self.error = f"the Ray worker could not load the coder: {exc}"

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        """Code the batch's shards; their manifests, as JSON text."""
        if self.coder is None:
            raise EngineError(self.error or "no coder")
        manifests = []
        for text in batch["shard"]:
            shard = Shard(**json.loads(str(text)))
            manifests.append(json.dumps(run_shard(self.job, shard, self.coder)))
        return {"manifest": manifests}


def connect(ray: ModuleType, address: str | None, workers: int, quiet: bool) -> bool:
    """Join the cluster at ``address``, or start a local one; True when this call did."""
    if ray.is_initialized():
        return False
    common: dict[str, Any] = {"log_to_driver": not quiet, "configure_logging": True,
                              "logging_level": logging.WARNING if quiet else logging.INFO}
    try:
        if address:
            ray.init(address=address, **common)
        else:
            # "local": a new cluster of this process's own, never one found running.
            ray.init(address="local", num_cpus=max(1, workers or os.cpu_count() or 1),
                     include_dashboard=False, object_store_memory=OBJECT_STORE_BYTES,
                     **common)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise EngineError(f"cannot start or reach the Ray cluster ({address or 'local'}): "
                          f"{exc}") from None
    return True


def run_ray(job: LakeJob, shards: Sequence[Shard], workers: int, address: str | None,
            on_report: Callable[[ShardReport], None], quiet: bool = False) -> int:
    """Code shards with Ray Data's actor pool; the number of shards that failed (none: Ray
    retries a lost worker's shard itself)."""
    ray = import_ray(local=not address)
    started = connect(ray, address, workers, quiet)
    try:
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = not quiet
        rows = [{"shard": json.dumps(asdict(s))} for s in shards]
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
        coded = dataset.map_batches(
            ShardWorker,
            fn_constructor_args=(job,),
            batch_size=1,
            batch_format="numpy",
            num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=min(size, len(rows))),
        )
        for row in coded.iter_rows():
            on_report(ShardReport.from_manifest(json.loads(row["manifest"])))
    finally:
        if started:
            ray.shutdown()
    return 0
