"""Rendering: events as a terminal table, JSON Lines or one JSON array (streamed), and
query rows as a table, JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dotterel.records import Event
from dotterel.store.database import Rows

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
ROW_FORMATS = ("table", "jsonl", "csv")
MAX_CELL = 28


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


def render_rows(rows: Rows, fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as an aligned text table, JSON Lines or CSV."""
    names = list(columns or rows.columns)
    if fmt == "jsonl":
        return "".join(json.dumps({k: r.get(k) for k in names}, default=str) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([r.get(k) for k in names] for r in rows)
        return buf.getvalue()

    def cell(value: Any) -> str:
        text = "-" if value is None else " ".join(str(value).split())
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"

    table = [[cell(r.get(k)) for k in names] for r in rows]
    widths = [max([len(n)] + [len(row[i]) for row in table]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    ]
    return "\n".join(lines) + "\n"
