"""``dotterel serve``: the dashboard and HTTP API under uvicorn (thin over ``web.create_app``)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .cli import _load_coder, _settings
from .store import STORE_ENV, StoreError, default_store_path

TOKEN_ENV = "DOTTEREL_TOKEN"


@click.command("serve")
@click.option(
    "--store",
    "store_path",
    default=None,
    metavar="PATH",
    help=f"The DuckDB store file (default ${STORE_ENV}, else ./dotterel.duckdb).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    default=None,
    metavar="TOKEN",
    help=f"Bearer token that writing endpoints require (default ${TOKEN_ENV}; none: read-only).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=2_000_000,
    show_default=True,
    metavar="BYTES",
    help="Larger request bodies are refused with 413.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Allow cross-origin requests from this origin (repeatable; default: none).",
)
@click.option("--model", default=None, help="Installed spaCy model to load.")
@click.option(
    "--knowledge",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A folder of extra knowledge files, read after the bundled ones.",
)
@click.option("--log-level", default="info", show_default=True, help="uvicorn's log level.")
@click.pass_context
def serve_command(
    ctx: click.Context,
    store_path: str | None,
    host: str,
    port: int,
    token: str | None,
    max_body: int,
    cors_origins: tuple[str, ...],
    model: str | None,
    knowledge: Path | None,
    log_level: str,
) -> None:
    """Serve the dashboard (/) and the HTTP API (/docs) over the store."""
    try:
        import uvicorn

        from .web import create_app
    except ImportError as exc:
        raise click.UsageError(
            f"the web server needs the `web` extra: pip install 'dotterel[web]' ({exc})"
        ) from None
    settings = _settings(ctx, model=model, knowledge_dir=knowledge, n_process=1)
    coder = _load_coder(ctx, settings)
    token = token or os.environ.get(TOKEN_ENV) or None
    try:
        app = create_app(
            settings,
            store_path or default_store_path(),
            token,
            coder=coder,
            max_body_bytes=max_body,
            cors_origins=cors_origins,
        )
    except StoreError as exc:
        raise click.UsageError(str(exc)) from None
    if token is None:
        click.echo(
            f"dotterel: no --token or ${TOKEN_ENV}: the API is read-only (POST /v1/articles "
            "is refused)",
            err=True,
        )
    click.echo(f"dotterel: serving http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(group: click.Group) -> None:
    """Add ``serve`` to the ``dotterel`` group."""
    group.add_command(serve_command)
