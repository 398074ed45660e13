"""dotterel: news text to PLOVER political event records, offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .coder import Coder, classify, code
from .model import Actor, Article, Event, Location, Trigger
from .settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from .store import Store

__version__ = "0.1.0"


def open_store(path: str | Path | None = None, read_only: bool = False) -> Store:
    """Open the event store (default ``$DOTTEREL_STORE``, else ``./dotterel.duckdb``)."""
    # Imported here so that ``import dotterel`` does not load DuckDB and Arrow.
    from .store import open_store as _open_store

    return _open_store(path, read_only=read_only)

__all__ = [
    "Actor",
    "Article",
    "Coder",
    "Event",
    "Location",
    "Settings",
    "Trigger",
    "__version__",
    "classify",
    "code",
    "open_store",
]
