"""Rendering events: a terminal table, JSON Lines, or one JSON array, all streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Event

FORMATS: tuple[str, ...] = ("table", "jsonl", "json")
# (header, width, right-aligned) per table column; text wider than a column is cut with "…".
TABLE_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("doc", 14, False),
    ("sent", 4, True),
    ("type", 9, False),
    ("mode", 12, False),
    ("actor", 9, False),
    ("recipient", 9, False),
    ("trigger", 18, False),
    ("date", 10, False),
    ("modality", 12, False),
    ("conf", 4, True),
)
ELLIPSIS = "…"


def truncate(text: str, width: int) -> str:
    """The text on one line, cut to ``width`` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    return flat[: max(width - 1, 0)] + ELLIPSIS


def event_row(event: Event) -> tuple[str, ...]:
    """The table cells of one event, in TABLE_COLUMNS order, untruncated."""
    return (
        event.doc_id,
        str(event.sentence),
        event.event_type,
        event.mode or "-",
        event.actor.code or "-",
        (event.recipient.code or "-") if event.recipient else "-",
        event.trigger.text,
        event.date or "-",
        event.modality,
        f"{event.confidence:.2f}",
    )


def format_row(cells: Iterable[str]) -> str:
    """One table line: each cell truncated and padded to its column."""
    parts = []
    for cell, (_, width, right) in zip(cells, TABLE_COLUMNS, strict=True):
        text = truncate(cell, width)
        parts.append(text.rjust(width) if right else text.ljust(width))
    return "  ".join(parts).rstrip()


def render_table(events: Iterable[Event]) -> Iterator[str]:
    """Table lines: a header and a rule, then one line per event (fixed widths, so it streams)."""
    yield format_row(name for name, _, _ in TABLE_COLUMNS)
    yield format_row("-" * width for _, width, _ in TABLE_COLUMNS)
    for event in events:
        yield format_row(event_row(event))


def render_jsonl(events: Iterable[Event]) -> Iterator[str]:
    """One JSON record per line (``Event.to_json()``)."""
    for event in events:
        yield event.to_json()


def render_json(events: Iterable[Event]) -> Iterator[str]:
    """One JSON array of records, written a record at a time."""
    first = True
    for event in events:
        yield ("[" if first else ",") + event.to_json()
        first = False
    yield "[]" if first else "]"


def render(events: Iterable[Event], fmt: str) -> Iterator[str]:
    """Lines of output for the events in one of FORMATS."""
    renderers = {"table": render_table, "jsonl": render_jsonl, "json": render_json}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](events)
