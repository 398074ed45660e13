"""``dotterel ingest`` and ``dotterel recode``: code corpora into the store, or again."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from dotterel.cli.options import (
    check_model,
    command_settings,
    echo_error,
    knowledge_option,
    load_article_coder,
    load_coder,
    model_option,
    open_or_fail,
    processes_option,
    published_option,
    quiet_option,
    store_option,
)
from dotterel.coding.pool import worker_settings
from dotterel.inputs.objects import ObjectStorageMissing
from dotterel.inputs.sources import ReadOptions
from dotterel.settings import DEFAULT_ENGINE, DEFAULT_WORKERS, Settings
from dotterel.store.engines import ENGINES, LakeSummary, ingest_lake
from dotterel.store.ingest import BATCH_ARTICLES, IngestSummary, ingest, recode
from dotterel.store.jobs import EngineError
from dotterel.store.lake import ShardReport
from dotterel.store.schema import GROUP_WINDOW_DAYS
from dotterel.store.shards import DEFAULT_SHARD_BYTES

F = Callable[..., object]


def batch_options(func: F) -> F:
    """``--batch`` and ``--window``: how ingest commits and groups."""
    func = click.option(
        "--window",
        type=click.IntRange(min=0),
        default=None,
        help=f"Days apart that reports of one event may be "
        f"(default {GROUP_WINDOW_DAYS}, or the store's last).",
    )(func)
    return click.option(
        "--batch",
        type=click.IntRange(min=1),
        default=BATCH_ARTICLES,
        show_default=True,
        help="Articles committed per transaction.",
    )(func)


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


def lake_ingest_options(func: F) -> F:
    """``--lake``, ``--engine``, ``--workers``, ``--address``, ``--shard-size``."""
    for option in reversed([
        click.option("--lake", default=None, metavar="PATH",
                     help="Code into a Parquet event lake (a folder or s3://bucket/prefix) "
                     "instead of the store."),
        click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE,
                     show_default=True, help="With --lake: a local process pool, or Ray."),
        click.option("--workers", type=click.IntRange(min=0), default=DEFAULT_WORKERS,
                     show_default=True,
                     help="With --lake: worker processes (0: one per CPU, or per cluster CPU)."),
        click.option("--address", default=None, metavar="ADDR",
                     help="With --engine ray: the cluster (auto, or host:port; default: a "
                     "local cluster)."),
        click.option("--shard-size", type=click.IntRange(min=1), default=DEFAULT_SHARD_BYTES,
                     show_default=True, metavar="BYTES",
                     help="With --lake: JSONL files larger than this are cut into slices."),
    ]):
        func = option(func)
    return func


def _shard_line(quiet: bool) -> Callable[[ShardReport, int, int], None] | None:
    """A line on stderr per finished shard (dotterel's counts beside Ray's own progress)."""
    if quiet:
        return None

    def line(r: ShardReport, done: int, total: int) -> None:
        click.echo(f"dotterel: shard {done:,}/{total:,} {r.shard} ({r.path}): "
                   f"{r.articles:,} articles, {r.events:,} events, {r.failed:,} refused, "
                   f"{r.seconds:.1f} s on {r.worker}", err=True)

    return line


def _lake_summary(s: LakeSummary) -> None:
    """The end-of-run line of a lake ingest."""
    click.echo(
        f"dotterel: coded {s.coded:,} shards ({s.articles:,} articles, {s.events:,} events) "
        f"in {s.seconds:.1f} s; {s.skipped:,} of {s.shards:,} shards already done, "
        f"{s.failed:,} inputs refused" + (f", {s.failed_shards:,} shards failed"
                                          if s.failed_shards else ""),
        err=True,
    )


@dataclass(frozen=True)
class LakeTarget:
    """Where and how ``ingest --lake`` codes: the lake, the engine and its workers."""

    lake: str
    engine: str
    workers: int
    address: str | None
    shard_bytes: int


def _ingest_lake(ctx: click.Context, inputs: tuple[str, ...], settings: Settings,
                 options: ReadOptions, source: str | None, target: LakeTarget,
                 quiet: bool) -> None:
    """``ingest --lake``: shards coded by the engine's workers, each written whole."""
    if "-" in inputs:
        raise click.UsageError("--lake reads files (a shard each), not standard input")
    if target.engine == "local":
        # Loaded here to fail early on a bad --model or knowledge file; forked workers
        # share it. Ray's workers load their own, on other machines.
        load_coder(ctx, worker_settings(settings))
    else:
        check_model(settings)
    try:
        summary = ingest_lake(
            inputs, target.lake, settings, options, source, target.engine, target.workers,
            target.address, target.shard_bytes, on_error=echo_error,
            on_report=_shard_line(quiet), quiet=quiet,
        )
    except (EngineError, ObjectStorageMissing) as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        _lake_summary(summary)
    ctx.exit(summary.exit_code)


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@store_option
@lake_ingest_options
@published_option
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
@model_option
@processes_option
@knowledge_option
@batch_options
@quiet_option
@click.pass_context
def ingest_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    store_path: str | None,
    lake: str | None,
    engine: str,
    workers: int,
    address: str | None,
    shard_size: int,
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
    settings = command_settings(ctx, model=model, n_process=processes, knowledge_dir=knowledge)
    options = ReadOptions(
        published=published,
        text_column=text_column,
        id_column=id_column,
        date_column=date_column,
        title_column=title_column,
        url_column=url_column,
    )
    if lake:
        if store_path:
            raise click.UsageError("give --store or --lake, not both")
        target = LakeTarget(lake, engine, workers, address, shard_size)
        _ingest_lake(ctx, inputs, settings, options, source, target, quiet)
        return
    coder = load_article_coder(ctx, settings)
    progress, close = _progress(quiet)
    with open_or_fail(store_path, read_only=False) as store:
        try:
            summary = ingest(
                store,
                inputs,
                coder,
                options,
                source,
                batch,
                window if window is not None else store.group_window(),
                on_error=echo_error,
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
@model_option
@processes_option
@knowledge_option
@batch_options
@quiet_option
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
    settings = command_settings(ctx, model=model, n_process=processes, knowledge_dir=knowledge)
    coder = load_article_coder(ctx, settings)
    progress, close = _progress(quiet)
    with open_or_fail(store_path, read_only=False) as store:
        try:
            summary = recode(store, coder, everything, batch, window, on_progress=progress)
        finally:
            close()
    if not quiet:
        _summary("recoded", summary)
