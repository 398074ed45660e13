"""``dotterel export``: the stored events as GDELT, ICEWS, POLECAT, PLOVER, CSV or Parquet."""

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
from dotterel.store.export import FORMATS, export


@click.command("export")
@store_option
@lake_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option(
    "--output", "-o", default="-", show_default=True, help="Output file (Parquet: a directory)."
)
@click.option(
    "--header/--no-header",
    default=None,
    help="Write a header row (default: yes, except for GDELT).",
)
def export_command(
    store_path: str | None, lake: str | None, fmt: str, output: str, header: bool | None, **kw: Any
) -> None:
    """Write the stored events as GDELT, ICEWS, POLECAT, PLOVER JSONL, CSV or Parquet."""
    filt = pop_filter(kw)
    with open_or_fail(store_path, read_only=True, lake=lake, filter=filt) as store:
        if fmt == "parquet":
            if output == "-":
                raise click.UsageError("Parquet export writes a directory: pass -o DIR")
            n = export(store, fmt, directory=output, filter=filt)
        else:
            with click.open_file(output, "w", encoding="utf-8") as out:
                n = export(store, fmt, out, filter=filt, header=header)
    click.echo(f"dotterel: exported {n:,} rows as {fmt}", err=True)
