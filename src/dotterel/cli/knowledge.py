"""``dotterel knowledge``: import PETRARCH/Phoenix dictionaries as a pack, check a folder."""

from __future__ import annotations

from pathlib import Path

import click

from dotterel.knowledge.files import KnowledgeError
from dotterel.knowledge.packs import check_folder, import_phoenix, write_pack

_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group("knowledge")
def knowledge_group() -> None:
    """Build and check knowledge folders (read by --knowledge DIR)."""


@knowledge_group.command("import-phoenix")
@click.argument("source", type=_FOLDER)
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The pack's folder (created if missing; its pack files are replaced).")
@click.option("--dropped", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write every entry left out, as FILE:LINE: TEXT: REASON, to this file.")
def import_phoenix_command(source: Path, output: Path, dropped: Path | None) -> None:
    """Convert the PETRARCH/Phoenix dictionaries in SOURCE into a knowledge pack.

    Reads Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
    Phoenix.MilNonState.actors.txt and Phoenix.agents.txt (those present) and writes
    organisations.tsv, offices.tsv, metonyms.tsv and sectors.tsv (and LICENSE) into OUTPUT.
    """
    try:
        pack = import_phoenix(source)
        written = write_pack(pack, output)
        if dropped is not None:
            dropped.write_text("".join(f"{d}\n" for d in pack.dropped), encoding="utf-8")
    except (KnowledgeError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"read {', '.join(p.name for p in pack.sources)}")
    click.echo(f"wrote {output}: " + ", ".join(
        f"{kind}.tsv {count:,}" for kind, count in pack.counts().items())
        + (" rows, and LICENSE" if any(p.name == "LICENSE" for p in written) else " rows"))
    if not pack.licence:
        click.echo("warning: no licence found in the source folder", err=True)
    click.echo(f"left out {len(pack.dropped):,} entries" + (":" if pack.dropped else ""))
    for reason, count in pack.dropped_by_reason().items():
        click.echo(f"  {count:>7,}  {reason}")


@knowledge_group.command("check")
@click.argument("folder", type=_FOLDER)
def check_command(folder: Path) -> None:
    """Load FOLDER after the bundled knowledge and count what it adds, per kind.

    Exit status 1 with the first FILE:LINE error when a file is invalid.
    """
    try:
        report = check_folder(folder)
    except (KnowledgeError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{folder}: loads with the bundled knowledge")
    if not report.counts:
        click.echo("  no knowledge files")
    width = max((len(kind) for kind in report.counts), default=0)
    for kind, count in report.counts.items():
        also = report.shadowed.get(kind, 0)
        note = f"  ({also:,} also in the bundled knowledge)" if also else ""
        click.echo(f"  {kind:<{width}}  {count:>7,}{note}")
