"""``dotterel plot``: charts of the store (PNG or SVG, by the output's suffix)."""

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
from dotterel.store.plot import plot_network, plot_timeline
from dotterel.store.schema import PERIODS


@click.group("plot")
def plot_group() -> None:
    """Charts of the store (PNG or SVG, by the output's suffix)."""


@plot_group.command("timeline")
@store_option
@lake_option
@filter_options
@click.option("--by", type=click.Choice(PERIODS), default="week", show_default=True)
@click.option("--output", "-o", required=True, help="The chart file: .png or .svg.")
def plot_timeline_command(
    store_path: str | None, lake: str | None, by: str, output: str, **kw: Any
) -> None:
    """Events per period, one line per quad class."""
    filt = pop_filter(kw)
    with open_or_fail(store_path, read_only=True, lake=lake, filter=filt) as store:
        try:
            path = plot_timeline(store, output, by, filt)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--output") from None
    click.echo(f"dotterel: wrote {path}", err=True)


@plot_group.command("network")
@store_option
@lake_option
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--output", "-o", required=True, help="The chart file: .png or .svg.")
def plot_network_command(
    store_path: str | None, lake: str | None, top: int, output: str, **kw: Any
) -> None:
    """The busiest actor-recipient pairs as a directed graph."""
    filt = pop_filter(kw)
    with open_or_fail(store_path, read_only=True, lake=lake, filter=filt) as store:
        try:
            path = plot_network(store, output, top, filt)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--output") from None
    click.echo(f"dotterel: wrote {path}", err=True)
