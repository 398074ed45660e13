"""``dotterel lake``: look after a Parquet event lake (status, compact)."""

from __future__ import annotations

import click

from dotterel.inputs.objects import ObjectStorageMissing
from dotterel.store.database import StoreError
from dotterel.store.lake import compact, lake_status
from dotterel.store.schema import GROUP_WINDOW_DAYS


@click.group("lake")
def lake_group() -> None:
    """Look after a Parquet event lake written by `dotterel ingest --lake`."""


@lake_group.command("status")
@click.argument("lake")
def lake_status_command(lake: str) -> None:
    """Finished shards, and the articles, events and refused inputs they hold."""
    try:
        s = lake_status(lake)
    except (OSError, ObjectStorageMissing) as exc:
        raise click.UsageError(f"cannot read the lake {lake}: {exc}") from None
    groups = "compacted" if s.compacted else "at query time"
    click.echo(
        f"{s.shards:,} shards done: {s.read:,} articles read, {s.articles:,} coded, "
        f"{s.events:,} events, {s.failed:,} inputs refused; "
        f"{s.temporaries:,} temporary files; groups {groups}"
    )


@lake_group.command("compact")
@click.argument("lake")
@click.option("--window", type=click.IntRange(min=0), default=GROUP_WINDOW_DAYS,
              show_default=True, help="Days apart that reports of one event may be.")
def lake_compact_command(lake: str, window: int) -> None:
    """Group the lake's repeated reports once and write the groups beside it.

    Readers use them while no shard has been added since; otherwise they group at query time.
    """
    try:
        s = compact(lake, window)
    except (StoreError, OSError, ObjectStorageMissing) as exc:
        raise click.UsageError(f"cannot compact the lake {lake}: {exc}") from None
    click.echo(f"dotterel: grouped {s.mentions:,} mentions of {s.shards:,} shards into "
               f"{s.groups:,} events (window {s.window} days)", err=True)
