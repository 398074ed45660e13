"""``dotterel events``: list the stored events (each mention, or grouped) that match filters."""

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
from dotterel.store.schema import row_to_event

EVENT_COLUMNS = (
    "day",
    "event_type",
    "actor_code",
    "recipient_code",
    "cameo",
    "goldstein",
    "doc_id",
    "sentence",
    "trigger_text",
    "num_mentions",
    "num_sources",
)
GROUP_COLUMNS = (
    "group_id",
    "first_day",
    "event_type",
    "actor_code",
    "recipient_code",
    "cameo",
    "goldstein",
    "mentions",
    "sources",
    "articles",
)


@click.command("events")
@store_option
@lake_option
@filter_options
@click.option("--grouped", is_flag=True, help="One row per event, not per mention.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ROW_FORMATS),
    default="table",
    show_default=True,
    help="A table, JSON Lines (PLOVER records), or CSV.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many rows.")
def events_command(
    store_path: str | None, lake: str | None, grouped: bool, fmt: str, limit: int | None, **kw: Any
) -> None:
    """List the stored events (each mention, or grouped) that match the filters."""
    filt = pop_filter(kw)
    with open_or_fail(store_path, read_only=True, lake=lake, filter=filt) as store:
        if grouped:
            rows = store.groups(filt, limit)
            click.echo(render_rows(rows, fmt, GROUP_COLUMNS if fmt == "table" else None), nl=False)
            return
        rows = store.events(filt, limit)
        if fmt == "jsonl":
            for row in rows:
                click.echo(row_to_event(row).to_json())
            return
        click.echo(render_rows(rows, fmt, EVENT_COLUMNS if fmt == "table" else None), nl=False)
