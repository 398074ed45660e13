"""The store commands: ingest, recode, events, stats, export, plot (thin over the Python API)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .cli import _check_published, _echo_error, _load_coder, _settings
from .export import FORMATS as EXPORT_FORMATS
from .export import export
from .ingest import BATCH_ARTICLES, IngestSummary, ingest, recode
from .plot import plot_network, plot_timeline
from .sources import ReadOptions
from .store import (
    GROUP_WINDOW_DAYS,
    PERIODS,
    STORE_ENV,
    EventFilter,
    Rows,
    Store,
    StoreError,
    default_store_path,
    open_store,
    row_to_event,
)

ROW_FORMATS = ("table", "jsonl", "csv")
MAX_CELL = 28


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store PATH``, defaulting to $DOTTEREL_STORE or ./dotterel.duckdb."""
    return click.option(
        "--store",
        "store_path",
        default=None,
        metavar="PATH",
        help=f"The DuckDB store file (default ${STORE_ENV}, else ./dotterel.duckdb).",
    )(func)


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters every query command shares."""
    for option in reversed(
        [
            click.option("--actor", default=None, help="Actor code prefix (RUS matches RUSGOV)."),
            click.option("--recipient", default=None, help="Recipient code prefix."),
            click.option("--type", "event_type", default=None, help="PLOVER event type."),
            click.option(
                "--since",
                callback=_check_published,
                default=None,
                metavar="DATE",
                help="Events on or after this date.",
            ),
            click.option(
                "--until",
                callback=_check_published,
                default=None,
                metavar="DATE",
                help="Events on or before this date.",
            ),
        ]
    ):
        func = option(func)
    return func


def _open(path: str | None, read_only: bool) -> Store:
    """Open the store or stop with a usage error naming it."""
    try:
        return open_store(path or default_store_path(), read_only=read_only)
    except StoreError as exc:
        raise click.UsageError(str(exc)) from None


def _filter(kw: dict[str, Any]) -> EventFilter:
    """The EventFilter from the shared options."""
    return EventFilter(
        **{k: kw.pop(k) for k in ("actor", "recipient", "event_type", "since", "until")}
    )


def _progress(quiet: bool) -> tuple[Callable[[IngestSummary], None] | None, Callable[[], None]]:
    """A progress callback (a bar on a terminal, a line per batch otherwise) and a closer."""
    if quiet:
        return None, lambda: None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)

        def update(s: IngestSummary) -> None:
            bar.update(s.stored - bar.n)
            bar.set_postfix(events=s.events, skipped=s.skipped, refused=s.failed)

        return update, bar.close

    def line(s: IngestSummary) -> None:
        click.echo(
            f"dotterel: stored {s.stored:,} articles ({s.events:,} events), "
            f"{s.skipped:,} already stored",
            err=True,
        )

    return line, lambda: None


def _summary(verb: str, s: IngestSummary) -> None:
    """The end-of-run line on stderr."""
    click.echo(
        f"dotterel: {verb} {s.stored:,} articles ({s.events:,} events); "
        f"{s.skipped:,} already stored, {s.failed:,} inputs refused; "
        f"{s.groups:,} grouped events in the store",
        err=True,
    )


def coder_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--model, --processes, --knowledge and --batch, as for ``code``."""
    for option in reversed(
        [
            click.option("--model", default=None, help="Installed spaCy model to load."),
            click.option(
                "--processes",
                type=click.IntRange(min=0),
                default=None,
                help="Worker processes for spaCy (0 picks by input size).",
            ),
            click.option(
                "--knowledge",
                default=None,
                type=click.Path(exists=True, file_okay=False, path_type=Path),
                help="A folder of extra knowledge files, read after the bundled ones.",
            ),
            click.option(
                "--batch",
                type=click.IntRange(min=1),
                default=BATCH_ARTICLES,
                show_default=True,
                help="Articles committed per transaction.",
            ),
            click.option(
                "--window",
                type=click.IntRange(min=0),
                default=None,
                help=f"Days apart that reports of one event may be "
                f"(default {GROUP_WINDOW_DAYS}, or the store's last).",
            ),
            click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr."),
        ]
    ):
        func = option(func)
    return func


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@store_option
@click.option(
    "--published",
    callback=_check_published,
    metavar="DATE",
    help="Publication date for articles that carry none.",
)
@click.option(
    "--source",
    default=None,
    help="Name of the source of these inputs (default: the URL's host, else the file).",
)
@click.option("--text-column", default="text", show_default=True, help="CSV: the text column.")
@click.option("--id-column", default="id", show_default=True, help="CSV: the id column.")
@click.option(
    "--date-column",
    default="published",
    show_default=True,
    help="CSV: the publication date column.",
)
@click.option("--title-column", default="title", show_default=True, help="CSV: the title column.")
@click.option("--url-column", default="url", show_default=True, help="CSV: the URL column.")
@coder_options
@click.pass_context
def ingest_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    store_path: str | None,
    published: str | None,
    source: str | None,
    text_column: str,
    id_column: str,
    date_column: str,
    title_column: str,
    url_column: str,
    model: str | None,
    processes: int | None,
    knowledge: Path | None,
    batch: int,
    window: int | None,
    quiet: bool,
) -> None:
    """Code INPUTS (files, directories, - for stdin) into the store; stored articles are skipped.

    Exit status: 0 when every input was read, 1 when any was refused (the rest is stored).
    """
    settings = _settings(ctx, model=model, n_process=processes, knowledge_dir=knowledge)
    coder = _load_coder(ctx, settings)
    options = ReadOptions(
        published=published,
        text_column=text_column,
        id_column=id_column,
        date_column=date_column,
        title_column=title_column,
        url_column=url_column,
    )
    progress, close = _progress(quiet)
    with _open(store_path, read_only=False) as store:
        try:
            summary = ingest(
                store,
                inputs,
                coder,
                options,
                source,
                batch,
                window if window is not None else store.group_window(),
                on_error=_echo_error,
                on_progress=progress,
            )
        finally:
            close()
    if not quiet:
        _summary("stored", summary)
    ctx.exit(summary.exit_code)


@click.command("recode")
@store_option
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Recode every article, not only those coded by another coder version.",
)
@coder_options
@click.pass_context
def recode_command(
    ctx: click.Context,
    store_path: str | None,
    everything: bool,
    model: str | None,
    processes: int | None,
    knowledge: Path | None,
    batch: int,
    window: int | None,
    quiet: bool,
) -> None:
    """Code the stored articles again after a lexicon or model change (inputs are not re-read)."""
    settings = _settings(ctx, model=model, n_process=processes, knowledge_dir=knowledge)
    coder = _load_coder(ctx, settings)
    progress, close = _progress(quiet)
    with _open(store_path, read_only=False) as store:
        try:
            summary = recode(store, coder, everything, batch, window, on_progress=progress)
        finally:
            close()
    if not quiet:
        _summary("recoded", summary)


def render_rows(rows: Rows, fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as an aligned text table, JSON Lines or CSV."""
    names = list(columns or rows.columns)
    if fmt == "jsonl":
        return "".join(json.dumps({k: r.get(k) for k in names}, default=str) + "\n" for r in rows)
    if fmt == "csv":
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([r.get(k) for k in names] for r in rows)
        return buf.getvalue()

    def cell(value: Any) -> str:
        text = "-" if value is None else " ".join(str(value).split())
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"

    table = [[cell(r.get(k)) for k in names] for r in rows]
    widths = [max([len(n)] + [len(row[i]) for row in table]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    ]
    return "\n".join(lines) + "\n"


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
    store_path: str | None, grouped: bool, fmt: str, limit: int | None, **kw: Any
) -> None:
    """List the stored events (each mention, or grouped) that match the filters."""
    with _open(store_path, read_only=True) as store:
        filt = _filter(kw)
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


@click.group("stats")
def stats_group() -> None:
    """Aggregates over the store: timeline, dyads."""


@stats_group.command("timeline")
@store_option
@filter_options
@click.option("--by", type=click.Choice(PERIODS), default="week", show_default=True)
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
def stats_timeline(store_path: str | None, by: str, fmt: str, **kw: Any) -> None:
    """Events, mentions and mean Goldstein score per period and quad class."""
    with _open(store_path, read_only=True) as store:
        click.echo(render_rows(store.timeline(by, _filter(kw)), fmt), nl=False)


@stats_group.command("dyads")
@store_option
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
def stats_dyads(store_path: str | None, top: int, fmt: str, **kw: Any) -> None:
    """The busiest actor-recipient pairs by grouped events."""
    with _open(store_path, read_only=True) as store:
        click.echo(render_rows(store.dyads(top, _filter(kw)), fmt), nl=False)


@click.command("export")
@store_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "--output", "-o", default="-", show_default=True, help="Output file (Parquet: a directory)."
)
@click.option(
    "--header/--no-header",
    default=None,
    help="Write a header row (default: yes, except for GDELT).",
)
def export_command(
    store_path: str | None, fmt: str, output: str, header: bool | None, **kw: Any
) -> None:
    """Write the stored events as GDELT, ICEWS, POLECAT, PLOVER JSONL, CSV or Parquet."""
    with _open(store_path, read_only=True) as store:
        filt = _filter(kw)
        if fmt == "parquet":
            if output == "-":
                raise click.UsageError("Parquet export writes a directory: pass -o DIR")
            n = export(store, fmt, directory=output, filter=filt)
        else:
            with click.open_file(output, "w", encoding="utf-8") as out:
                n = export(store, fmt, out, filter=filt, header=header)
    click.echo(f"dotterel: exported {n:,} rows as {fmt}", err=True)


@click.group("plot")
def plot_group() -> None:
    """Charts of the store (PNG or SVG, by the output's suffix)."""


@plot_group.command("timeline")
@store_option
@filter_options
@click.option("--by", type=click.Choice(PERIODS), default="week", show_default=True)
@click.option("--output", "-o", required=True, help="The chart file: .png or .svg.")
def plot_timeline_command(store_path: str | None, by: str, output: str, **kw: Any) -> None:
    """Events per period, one line per quad class."""
    with _open(store_path, read_only=True) as store:
        try:
            path = plot_timeline(store, output, by, _filter(kw))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--output") from None
    click.echo(f"dotterel: wrote {path}", err=True)


@plot_group.command("network")
@store_option
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--output", "-o", required=True, help="The chart file: .png or .svg.")
def plot_network_command(store_path: str | None, top: int, output: str, **kw: Any) -> None:
    """The busiest actor-recipient pairs as a directed graph."""
    with _open(store_path, read_only=True) as store:
        try:
            path = plot_network(store, output, top, _filter(kw))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--output") from None
    click.echo(f"dotterel: wrote {path}", err=True)


def register(group: click.Group) -> None:
    """Add the store commands to the ``dotterel`` group."""
    for command in (
        ingest_command,
        recode_command,
        events_command,
        stats_group,
        export_command,
        plot_group,
    ):
        group.add_command(command)
