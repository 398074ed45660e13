"""The options and helpers every command shares, declared once (sqlite-utils style).

A command composes the decorators it needs (``@model_option``, ``@store_option``,
``@filter_options`` ...) and turns its values into library calls with ``command_settings``,
``load_coder`` and ``open_or_fail``; library errors become click errors here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from dotterel.coding.coder import ArticleCoder, Coder, shared_coder
from dotterel.coding.nlp import ModelNotInstalled
from dotterel.coding.pool import PooledCoder, worker_settings
from dotterel.inputs.objects import ObjectStorageMissing
from dotterel.inputs.readers import InputError, parse_published
from dotterel.settings import DEFAULT_STORE, STORE_ENV, Settings
from dotterel.store.database import EventFilter, Store, StoreError, default_store_path, open_store
from dotterel.store.lake import open_lake

F = TypeVar("F", bound=Callable[..., Any])
FILTER_KEYS = ("actor", "recipient", "event_type", "since", "until")


def check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a date option as ISO (``YYYY-MM-DD``)."""
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def published_option(func: F) -> F:
    """``--published DATE``: the date for articles that carry none."""
    return click.option(
        "--published",
        callback=check_published,
        metavar="DATE",
        help="Publication date (YYYY-MM-DD) for articles that carry none.",
    )(func)


def model_option(func: F) -> F:
    """``--model NAME``: another installed spaCy pipeline."""
    return click.option("--model", default=None, help="Installed spaCy model to load.")(func)


def knowledge_option(func: F) -> F:
    """``--knowledge DIR``: extra knowledge files read after the bundled ones."""
    return click.option(
        "--knowledge",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="A folder of extra knowledge files, read after the bundled ones.",
    )(func)


def processes_option(func: F) -> F:
    """``--processes N``: spaCy worker processes."""
    return click.option(
        "--processes",
        type=click.IntRange(min=0),
        default=None,
        help="Worker processes for spaCy (0 picks by input size).",
    )(func)


def quiet_option(func: F) -> F:
    """``--quiet``: no progress or summary on stderr."""
    return click.option("--quiet", "-q", is_flag=True,
                        help="No progress or summary on stderr.")(func)


def store_option(func: F) -> F:
    """``--store PATH``, defaulting to $DOTTEREL_STORE or ./dotterel.duckdb."""
    return click.option(
        "--store",
        "store_path",
        default=None,
        metavar="PATH",
        help=f"The DuckDB store file (default ${STORE_ENV}, else ./{DEFAULT_STORE}).",
    )(func)


def lake_option(func: F) -> F:
    """``--lake PATH``: a Parquet event lake (a folder or ``s3://...``) instead of the store."""
    return click.option(
        "--lake",
        default=None,
        metavar="PATH",
        help="Read a Parquet event lake (a folder or s3://bucket/prefix) instead of --store.",
    )(func)


def filter_options(func: F) -> F:
    """The event filters every query command shares."""
    for option in reversed(
        [
            click.option("--actor", default=None, help="Actor code prefix (RUS matches RUSGOV)."),
            click.option("--recipient", default=None, help="Recipient code prefix."),
            click.option("--type", "event_type", default=None, help="PLOVER event type."),
            click.option("--since", callback=check_published, default=None, metavar="DATE",
                         help="Events on or after this date."),
            click.option("--until", callback=check_published, default=None, metavar="DATE",
                         help="Events on or before this date."),
        ]
    ):
        func = option(func)
    return func


def pop_filter(kw: dict[str, Any]) -> EventFilter:
    """The EventFilter from the shared filter options (removed from ``kw``)."""
    return EventFilter(**{k: kw.pop(k) for k in FILTER_KEYS})


def command_settings(ctx: click.Context, **changes: Any) -> Settings:
    """The group's settings (``ctx.obj["settings"]`` when given) with the options applied."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    base = obj.get("settings") or Settings()
    return replace(base, **{k: v for k, v in changes.items() if v is not None})


def load_coder(ctx: click.Context, settings: Settings) -> Coder:
    """The loaded coder for the settings (reused in this process), or ``ctx.obj["coder"]``
    when the caller provides one (tests pass a recording or hand-made coder)."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    if obj.get("coder") is not None:
        given: Coder = obj["coder"]
        return given
    try:
        return shared_coder(settings)
    except ModelNotInstalled as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from None
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot load the knowledge: {exc}") from None


def check_model(settings: Settings) -> None:
    """Stop with a usage error when the spaCy model is neither installed nor a folder."""
    import spacy

    if not (spacy.util.is_package(settings.model) or Path(settings.model).is_dir()):
        raise click.BadParameter(
            f"spaCy model {settings.model!r} is not installed", param_hint="--model")


def load_article_coder(ctx: click.Context, settings: Settings) -> ArticleCoder:
    """What ``code``, ``ingest`` and ``recode`` code with: with 2+ processes (or 0, "auto",
    for large inputs), a ``PooledCoder`` whose workers code whole articles; else the coder.

    The coder is loaded here either way, so a bad --model or knowledge file stops the command
    before any input is read, and forked workers start with it loaded.
    """
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    if obj.get("coder") is not None:
        given: ArticleCoder = obj["coder"]
        return given
    coder = load_coder(ctx, worker_settings(settings))
    if settings.n_process == 1:
        return coder
    return PooledCoder(settings, settings.n_process)


def open_or_fail(path: str | None, read_only: bool, lake: str | None = None,
                 filter: EventFilter | None = None) -> Store:
    """Open the store (or, with ``lake``, the lake: partitions pruned by the filter's dates)
    or stop with a usage error naming it."""
    try:
        if lake:
            if path:
                raise click.UsageError("give --store or --lake, not both")
            return open_lake(lake, filter)
        return open_store(path or default_store_path(), read_only=read_only)
    except (StoreError, ObjectStorageMissing) as exc:
        raise click.UsageError(str(exc)) from None


def echo_error(error: InputError) -> None:
    """Print one input error to stderr."""
    click.echo(f"dotterel: {error}", err=True)
