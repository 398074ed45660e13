"""A lake job: what every worker of every engine needs, and the one step a worker runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dotterel.coding.coder import ArticleCoder
from dotterel.inputs.sources import ReadOptions
from dotterel.settings import Settings
from dotterel.store.lake import Lake
from dotterel.store.shards import Shard, code_shard


class EngineError(RuntimeError):
    """An engine could not run (Ray missing, a cluster unreachable, workers dying)."""


@dataclass(frozen=True)
class LakeJob:
    """What every worker needs to code shards into a lake (sent to each worker once)."""

    lake: str
    settings: Settings
    options: ReadOptions
    version: str
    source: str | None = None


def run_shard(job: LakeJob, shard: Shard, coder: ArticleCoder) -> dict[str, Any]:
    """Code one shard with a loaded coder and write it to the lake; its manifest."""
    rows = code_shard(shard, coder, job.options, job.version, job.source)
    return Lake(job.lake).write_shard(shard, rows, job.version)
