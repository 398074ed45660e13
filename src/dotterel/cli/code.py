"""``dotterel code``: read inputs, code them with one loaded coder, stream the events out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from dotterel.cli.options import (
    command_settings,
    echo_error,
    knowledge_option,
    load_article_coder,
    model_option,
    processes_option,
    published_option,
    quiet_option,
)
from dotterel.cli.render import FORMATS, render
from dotterel.coding.coder import ArticleCoder
from dotterel.inputs.readers import InputError, code_inputs, read_inputs
from dotterel.records import Article, Event

PROGRESS_EVERY = 100


@dataclass(frozen=True)
class CodeSummary:
    """What one ``code`` run did: articles coded, events written, inputs refused."""

    articles: int
    events: int
    failed: int

    @property
    def exit_code(self) -> int:
        """0 when every input was coded, 1 when any input was refused."""
        return 1 if self.failed else 0


def write_results(
    results: Iterable[tuple[Article, list[Event]] | InputError],
    fmt: str,
    out: IO[str],
    on_error: Callable[[InputError], None],
    on_progress: Callable[[int, int], None] | None = None,
    progress_every: int = PROGRESS_EVERY,
) -> CodeSummary:
    """Render coded results to ``out`` as they come, reporting each input error on the way."""
    counts = {"articles": 0, "events": 0, "failed": 0}

    def events() -> Iterable[Event]:
        for item in results:
            if isinstance(item, InputError):
                counts["failed"] += 1
                on_error(item)
                continue
            _, found = item
            counts["articles"] += 1
            counts["events"] += len(found)
            if on_progress and counts["articles"] % progress_every == 0:
                on_progress(counts["articles"], counts["events"])
            yield from found

    for line in render(events(), fmt):
        out.write(line + "\n")
    out.flush()
    return CodeSummary(**counts)


def code_files(
    inputs: Sequence[str],
    published: str | None,
    coder: ArticleCoder,
    fmt: str,
    out: IO[str],
    on_error: Callable[[InputError], None],
    on_progress: Callable[[int, int], None] | None = None,
) -> CodeSummary:
    """Read the inputs, code them with one loaded coder, streaming, and write the events."""
    items = read_inputs(inputs, published, coder.settings)
    return write_results(code_inputs(items, coder), fmt, out, on_error, on_progress)


def _echo_progress(articles: int, events: int) -> None:
    """Print progress to stderr."""
    click.echo(f"dotterel: {articles:,} articles coded, {events:,} events", err=True)


@click.command("code")
@click.argument("inputs", nargs=-1, required=True)
@published_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format: a table, JSON Lines, or one JSON array.",
)
@model_option
@processes_option
@knowledge_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Write events to this file instead of stdout.",
)
@quiet_option
@click.pass_context
def code_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    published: str | None,
    fmt: str,
    model: str | None,
    processes: int | None,
    knowledge: Path | None,
    output: str,
    quiet: bool,
) -> None:
    """Code INPUTS (text files, JSONL files, or - for stdin) into events.

    Exit status: 0 when every input was coded, 1 when any input was refused
    (the others are still coded), 2 for usage errors.
    """
    settings = command_settings(ctx, model=model, n_process=processes, knowledge_dir=knowledge)
    coder = load_article_coder(ctx, settings)
    progress = None if quiet else _echo_progress
    with click.open_file(output, "w", encoding="utf-8") as out:
        summary = code_files(inputs, published, coder, fmt, out, echo_error, progress)
    if not quiet and (summary.failed or summary.articles >= PROGRESS_EVERY):
        click.echo(
            f"dotterel: coded {summary.articles:,} articles ({summary.events:,} events); "
            f"{summary.failed:,} inputs refused",
            err=True,
        )
    ctx.exit(summary.exit_code)
