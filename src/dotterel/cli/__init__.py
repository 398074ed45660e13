"""The ``dotterel`` command line: a face over the Python API, one module per command group.

Each command parses its options (shared ones from ``options``), calls one library function
and turns library errors into click errors; nothing here is imported by the library.
"""

from __future__ import annotations

import click

from dotterel.cli.code import code_command
from dotterel.cli.evaluate import evaluate_command, gate_command, train_command
from dotterel.cli.events import events_command
from dotterel.cli.export import export_command
from dotterel.cli.ingest import ingest_command, recode_command
from dotterel.cli.knowledge import knowledge_group
from dotterel.cli.lake import lake_group
from dotterel.cli.plot import plot_group
from dotterel.cli.serve import serve_command
from dotterel.cli.stats import stats_group
from dotterel.version import __version__

COMMANDS: tuple[click.Command, ...] = (
    code_command,
    ingest_command,
    recode_command,
    events_command,
    stats_group,
    export_command,
    plot_group,
    lake_group,
    evaluate_command,
    train_command,
    gate_command,
    serve_command,
    knowledge_group,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="dotterel")
@click.pass_context
def main(ctx: click.Context) -> None:
    """dotterel: code news text into PLOVER political events, offline."""
    ctx.ensure_object(dict)


for _command in COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
