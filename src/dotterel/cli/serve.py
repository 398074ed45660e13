"""``dotterel serve``: the dashboard and HTTP API under uvicorn (thin over ``web.create_app``)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from dotterel.cli.options import (
    command_settings,
    knowledge_option,
    lake_option,
    load_coder,
    model_option,
    open_or_fail,
    store_option,
)
from dotterel.settings import DEFAULT_MAX_BODY, TOKEN_ENV
from dotterel.store.database import StoreError, default_store_path


@click.command("serve")
@store_option
@lake_option
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
    default=DEFAULT_MAX_BODY,
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
@model_option
@knowledge_option
@click.option("--log-level", default="info", show_default=True, help="uvicorn's log level.")
@click.pass_context
def serve_command(
    ctx: click.Context,
    store_path: str | None,
    lake: str | None,
    host: str,
    port: int,
    token: str | None,
    max_body: int,
    cors_origins: tuple[str, ...],
    model: str | None,
    knowledge: Path | None,
    log_level: str,
) -> None:
    """Serve the dashboard (/) and the HTTP API (/docs) over the store (or, read-only, over
    a lake)."""
    try:
        import uvicorn

        from dotterel.web.app import create_app  # the optional `web` extra
    except ImportError as exc:
        raise click.UsageError(
            f"the web server needs the `web` extra: pip install 'dotterel[web]' ({exc})"
        ) from None
    settings = command_settings(ctx, model=model, knowledge_dir=knowledge, n_process=1)
    coder = load_coder(ctx, settings)
    token = token or os.environ.get(TOKEN_ENV) or None
    # Over a lake the server only reads: its files are written by `ingest --lake` alone.
    store = open_or_fail(store_path, read_only=True, lake=lake) if lake else None
    if lake:
        token = None
    try:
        app = create_app(
            settings,
            store_path or default_store_path(),
            token,
            coder=coder,
            max_body_bytes=max_body,
            cors_origins=cors_origins,
            store=store,
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
