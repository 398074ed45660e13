"""``dotterel stats``: aggregates over the store (timeline, dyads)."""

from __future__ import annotations

from typing import Any

import click

from dotterel.cli.options import (
    filter_options,
    lake_option,
    open_or_fail,
    pop_filter,
    store_option,
)
from dotterel.cli.render import ROW_FORMATS, render_rows
from dotterel.store.schema import PERIODS


@click.group("stats")
def stats_group() -> None:
    """Aggregates over the store: timeline, dyads."""


@stats_group.command("timeline")
@store_option
@lake_option
@filter_options
@click.option("--by", type=click.Choice(PERIODS), default="week", show_default=True)
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
def stats_timeline(store_path: str | None, lake: str | None, by: str, fmt: str, **kw: Any) -> None:
    """Events, mentions and mean Goldstein score per period and quad class."""
    filt = pop_filter(kw)
    with open_or_fail(store_path, read_only=True, lake=lake, filter=filt) as store:
        click.echo(render_rows(store.timeline(by, filt), fmt), nl=False)


@stats_group.command("dyads")
@store_option
@lake_option
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
def stats_dyads(store_path: str | None, lake: str | None, top: int, fmt: str, **kw: Any) -> None:
    """The busiest actor-recipient pairs by grouped events."""
    filt = pop_filter(kw)
    with open_or_fail(store_path, read_only=True, lake=lake, filter=filt) as store:
        click.echo(render_rows(store.dyads(top, filt), fmt), nl=False)
