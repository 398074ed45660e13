"""The store's records as columns: the event and article tables' columns, their Arrow
schemas, and an ``Event`` flattened to a row and rebuilt from one."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pyarrow as pa

from dotterel.records import Actor, Event, Location, Trigger

GROUP_WINDOW_DAYS = 1
PERIODS = ("day", "week", "month", "year")
SCHEMA_VERSION = "1"

_ACTOR = ("text", "name", "country", "sector", "code", "start", "end")
_ACTOR_TYPES = ("VARCHAR",) * 5 + ("BIGINT", "BIGINT")
_LOCATION = ("text", "name", "country", "lat", "lon")
_LOCATION_TYPES = ("VARCHAR",) * 3 + ("DOUBLE", "DOUBLE")
# Mention columns in table order: (name, DuckDB type).
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_hash", "VARCHAR"),
    ("ordinal", "INTEGER"),
    ("event_id", "VARCHAR"),
    ("doc_id", "VARCHAR"),
    ("sentence", "BIGINT"),
    ("sentence_text", "VARCHAR"),
    ("event_type", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("contexts", "VARCHAR[]"),
    ("cameo", "VARCHAR"),
    ("quad_class", "BIGINT"),
    ("goldstein", "DOUBLE"),
    *((f"actor_{k}", t) for k, t in zip(_ACTOR, _ACTOR_TYPES, strict=True)),
    *((f"recipient_{k}", t) for k, t in zip(_ACTOR, _ACTOR_TYPES, strict=True)),
    ("date", "VARCHAR"),
    ("date_text", "VARCHAR"),
    ("day", "DATE"),
    *((f"location_{k}", t) for k, t in zip(_LOCATION, _LOCATION_TYPES, strict=True)),
    ("modality", "VARCHAR"),
    ("trigger_text", "VARCHAR"),
    ("trigger_start", "BIGINT"),
    ("trigger_end", "BIGINT"),
    ("confidence", "DOUBLE"),
    ("rule", "VARCHAR"),
    ("coder_version", "VARCHAR"),
)
_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "VARCHAR[]": pa.list_(pa.string()),
}
EVENT_SCHEMA = pa.schema([(name, _ARROW[kind]) for name, kind in EVENT_COLUMNS])
ARTICLE_SCHEMA = pa.schema(
    [
        ("hash", pa.string()),
        ("doc_id", pa.string()),
        ("published", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("origin", pa.string()),
        ("text", pa.string()),
        ("coder_version", pa.string()),
        ("ingested_at", pa.timestamp("us")),
    ]
)

def content_hash(text: str) -> str:
    """The key of an article: a SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()



def _actor_cells(prefix: str, actor: Actor | None) -> dict[str, Any]:
    """An actor's columns (all null for no actor)."""
    if actor is None:
        return {f"{prefix}_{k}": None for k in _ACTOR}
    return {f"{prefix}_{k}": getattr(actor, k) for k in _ACTOR}


def _day(value: str | None) -> date | None:
    """An ISO date string as a date, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def event_row(
    event: Event, article_hash: str, ordinal: int, published: str | None, coder_version: str
) -> dict[str, Any]:
    """One mention's columns: the event flattened, with where and by what it was coded."""
    loc = event.location
    row: dict[str, Any] = {
        "article_hash": article_hash,
        "ordinal": ordinal,
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "sentence": event.sentence,
        "sentence_text": event.sentence_text,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": list(event.contexts),
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        **_actor_cells("actor", event.actor),
        **_actor_cells("recipient", event.recipient),
        "date": event.date,
        "date_text": event.date_text,
        # The event's own date, else the article's: what grouping and timelines count by.
        "day": _day(event.date) or _day(published),
        **{f"location_{k}": getattr(loc, k) if loc else None for k in _LOCATION},
        "modality": event.modality,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "confidence": event.confidence,
        "rule": event.rule,
        "coder_version": coder_version,
    }
    return row


def row_to_event(row: dict[str, Any]) -> Event:
    """Rebuild the Event a mention row was stored from."""

    def actor(prefix: str) -> Actor | None:
        if row[f"{prefix}_text"] is None:
            return None
        return Actor(*(row[f"{prefix}_{k}"] for k in _ACTOR if k != "code"))

    loc = None
    if row["location_text"] is not None:
        loc = Location(*(row[f"location_{k}"] for k in _LOCATION))
    main_actor = actor("actor")
    assert main_actor is not None, "a stored event always has an actor"
    return Event(
        doc_id=row["doc_id"],
        sentence=row["sentence"],
        sentence_text=row["sentence_text"],
        event_type=row["event_type"],
        mode=row["mode"],
        contexts=tuple(row["contexts"] or ()),
        cameo=row["cameo"],
        quad_class=row["quad_class"],
        goldstein=row["goldstein"],
        actor=main_actor,
        recipient=actor("recipient"),
        date=row["date"],
        date_text=row["date_text"],
        location=loc,
        modality=row["modality"],
        trigger=Trigger(row["trigger_text"], row["trigger_start"], row["trigger_end"]),
        confidence=row["confidence"],
        rule=row["rule"],
    )

