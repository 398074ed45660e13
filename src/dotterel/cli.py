"""The ``dotterel`` command line: a thin layer over the Python API."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .model import Article, Event
from .output import FORMATS, render
from .readers import InputError, code_inputs, parse_published, read_inputs
from .settings import Settings

PROGRESS_EVERY = 100
# Modules that add commands to the group when they exist (see ``register_plugins``).
PLUGINS: tuple[str, ...] = ("dotterel.evaluate_cli", "dotterel.store_cli", "dotterel.web_cli")


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
    coder: Any,
    fmt: str,
    out: IO[str],
    on_error: Callable[[InputError], None],
    on_progress: Callable[[int, int], None] | None = None,
) -> CodeSummary:
    """Read the inputs, code them with one loaded coder, streaming, and write the events."""
    items = read_inputs(inputs, published, coder.settings)
    return write_results(code_inputs(items, coder), fmt, out, on_error, on_progress)


def _echo_error(error: InputError) -> None:
    """Print one input error to stderr."""
    click.echo(f"dotterel: {error}", err=True)


def _echo_progress(articles: int, events: int) -> None:
    """Print progress to stderr."""
    click.echo(f"dotterel: {articles:,} articles coded, {events:,} events", err=True)


def _check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate --published as an ISO date."""
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _settings(ctx: click.Context, **changes: Any) -> Settings:
    """The group's settings (``ctx.obj["settings"]`` when given) with the options applied."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    base = obj.get("settings") or Settings()
    return replace(base, **{k: v for k, v in changes.items() if v is not None})


def _load_coder(ctx: click.Context, settings: Settings) -> Any:
    """``ctx.obj["coder"]`` when the caller provides one (tests), else a loaded Coder."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    if obj.get("coder") is not None:
        return obj["coder"]
    from .coder import Coder
    from .nlp import ModelNotInstalled

    try:
        return Coder.load(settings)
    except ModelNotInstalled as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from None
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot load the knowledge: {exc}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="dotterel")
@click.pass_context
def main(ctx: click.Context) -> None:
    """dotterel: code news text into PLOVER political events, offline."""
    ctx.ensure_object(dict)


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--published",
    callback=_check_published,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for articles that carry none.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format: a table, JSON Lines, or one JSON array.",
)
@click.option("--model", default=None, help="Installed spaCy model to load.")
@click.option(
    "--processes",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes for spaCy (0 picks by input size).",
)
@click.option(
    "--knowledge",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A folder of extra knowledge files, read after the bundled ones.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Write events to this file instead of stdout.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
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
    settings = _settings(ctx, model=model, n_process=processes, knowledge_dir=knowledge)
    coder = _load_coder(ctx, settings)
    progress = None if quiet else _echo_progress
    with click.open_file(output, "w", encoding="utf-8") as out:
        summary = code_files(inputs, published, coder, fmt, out, _echo_error, progress)
    if not quiet and (summary.failed or summary.articles >= PROGRESS_EVERY):
        click.echo(
            f"dotterel: coded {summary.articles:,} articles ({summary.events:,} events); "
            f"{summary.failed:,} inputs refused",
            err=True,
        )
    ctx.exit(summary.exit_code)


def register_plugins(group: click.Group, modules: Sequence[str] = PLUGINS) -> None:
    """Add the commands of the plugin modules that exist (``register(group)`` or commands)."""
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            if not (isinstance(exc, ModuleNotFoundError) and exc.name == name):
                click.echo(f"dotterel: warning: cannot load {name}: {exc}", err=True)
            continue
        register = getattr(module, "register", None)
        if callable(register):
            register(group)
            continue
        for value in vars(module).values():
            if isinstance(value, click.Command) and value.name not in group.commands:
                group.add_command(value)


register_plugins(main)

if __name__ == "__main__":
    main()
