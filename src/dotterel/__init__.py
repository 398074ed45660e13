"""dotterel: news text to PLOVER political event records, offline.

The public API: ``code`` and ``classify`` (one call each, reusing a loaded coder per process
and settings), ``Coder`` (load it explicitly with ``Coder.load(settings)``), ``Settings``,
the records (``Article``, ``Event``, ``Actor``, ``Location``, ``Trigger``) and ``open_store``.
"""

from __future__ import annotations

from pathlib import Path

from dotterel.coding.coder import Coder, classify, code
from dotterel.records import Actor, Article, Event, Location, Trigger
from dotterel.settings import Settings
from dotterel.store.database import Store
from dotterel.store.database import open_store as _open_store
from dotterel.version import __version__


def open_store(path: str | Path | None = None, read_only: bool = False) -> Store:
    """Open the event store (default ``$DOTTEREL_STORE``, else ``./dotterel.duckdb``)."""
    return _open_store(path, read_only=read_only)


__all__ = [
    "Actor",
    "Article",
    "Coder",
    "Event",
    "Location",
    "Settings",
    "Store",
    "Trigger",
    "__version__",
    "classify",
    "code",
    "open_store",
]
