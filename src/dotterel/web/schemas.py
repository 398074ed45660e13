"""The HTTP API's request and response bodies; an event is exactly ``Event.to_dict``'s shape."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from dotterel.records import Event

MAX_ID = 200
MAX_ARTICLES = 100
ROLES = ("actor", "trigger", "recipient")


def iso_only(value: Any) -> Any:
    """Let only ``YYYY-MM-DD`` strings through to date parsing (no timestamps, no times)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(iso_only)]


def check_text(value: str) -> str:
    """Refuse text that is blank, holds control characters or cannot be UTF-8."""
    if not value.strip():
        raise ValueError("text is empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode (lone surrogate)") from None
    if any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in value):
        raise ValueError("text holds control characters (binary?)")
    return value


class Strict(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class CodeRequest(Strict):
    """An article to code: its text, and the date relative dates are resolved against."""

    text: str = Field(min_length=1, description="The article's text (English).")
    published: IsoDate | None = Field(None, description="Publication date, YYYY-MM-DD.")
    id: str | None = Field(None, min_length=1, max_length=MAX_ID, description="The doc id.")

    _text = field_validator("text")(check_text)


class ArticleIn(CodeRequest):
    """An article to store."""

    title: str | None = Field(None, max_length=2_000)
    url: str | None = Field(None, max_length=2_000)


class IngestRequest(Strict):
    """Articles to code and store; already stored ones (same text) are skipped."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)
    source: str | None = Field(
        None, min_length=1, max_length=MAX_ID, description="Outlet (default: the URL's host)."
    )


class ActorOut(BaseModel):
    """An actor or recipient, as in the event record."""

    text: str
    name: str
    country: str | None
    sector: str | None
    code: str
    start: int
    end: int


class LocationOut(BaseModel):
    """Where the event happened."""

    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None


class TriggerOut(BaseModel):
    """The words that carry the action."""

    text: str
    start: int
    end: int


class EventRecord(BaseModel):
    """One coded event: exactly ``Event.to_dict()`` (schema/event.schema.json)."""

    event_id: str
    doc_id: str
    sentence: int
    sentence_text: str
    event_type: str
    mode: str | None
    contexts: list[str]
    cameo: str
    quad_class: int
    goldstein: float
    actor: ActorOut
    recipient: ActorOut | None
    date: str | None
    date_text: str | None
    location: LocationOut | None
    modality: str
    trigger: TriggerOut
    confidence: float
    rule: str


class Span(BaseModel):
    """A highlighted stretch of an article: an event's actor, trigger or recipient."""

    event_id: str
    role: Literal["actor", "trigger", "recipient"]
    start: int
    end: int
    text: str
    code: str
    label: str


class CodeResponse(BaseModel):
    """The events found in a coded text (nothing stored) and their spans in it."""

    doc_id: str
    events: list[EventRecord]
    spans: list[Span]


class IngestedArticle(BaseModel):
    """One posted article: its key in the store and whether this call stored it."""

    id: str
    doc_id: str
    stored: bool
    events: int


class IngestResponse(BaseModel):
    """What a POST /v1/articles did."""

    stored: int
    skipped: int
    events: int
    groups: int
    articles: list[IngestedArticle]


class EventItem(BaseModel):
    """A stored mention: the event record plus where it is stored and its group's counts."""

    event: EventRecord
    article_id: str
    group_id: int | None
    num_mentions: int | None
    num_sources: int | None
    source: str | None
    published: str | None


class EventPage(BaseModel):
    """One page of stored events and how many match the filters in all."""

    total: int
    limit: int
    offset: int
    items: list[EventItem]


class ArticleOut(BaseModel):
    """A stored article: its text, its events and their spans (offsets into ``text``)."""

    id: str
    doc_id: str
    title: str | None
    url: str | None
    published: str | None
    source: str
    text: str
    events: list[EventRecord]
    spans: list[Span]


class TimelineRow(BaseModel):
    """Grouped events, mentions and mean Goldstein score in one period and quad class."""

    period: date
    quad_class: int
    events: int
    mentions: int
    goldstein: float | None


class Timeline(BaseModel):
    """The timeline: one row per period and quad class."""

    by: str
    rows: list[TimelineRow]


class DyadRow(BaseModel):
    """An actor-recipient pair: grouped events, mentions and mean Goldstein score."""

    actor: str
    recipient: str
    events: int
    mentions: int
    goldstein: float | None


class Dyads(BaseModel):
    """The busiest dyads."""

    rows: list[DyadRow]


class Health(BaseModel):
    """The server is up: its version, the coder's version and the store's counts."""

    status: str
    version: str
    coder_version: str
    writable: bool
    store: dict[str, int]


class ErrorBody(BaseModel):
    """Every error: a message, the offending field when there is one, and the details."""

    error: str
    field: str | None = None
    errors: list[dict[str, Any]] = []


def spans(events: list[Event]) -> list[Span]:
    """The actor, trigger and recipient spans of the events, with their codes as labels."""
    out: list[Span] = []
    for e in events:
        trigger_label = f"{e.event_type} (CAMEO {e.cameo}), {e.modality}"
        a, t, r = e.actor, e.trigger, e.recipient
        parts = [
            ("actor", a.start, a.end, a.text, a.code, a.name),
            ("trigger", t.start, t.end, t.text, e.event_type, trigger_label),
        ]
        if r is not None:
            parts.append(("recipient", r.start, r.end, r.text, r.code, r.name))
        for role, start, end, text, code, label in parts:
            if 0 <= start < end:
                out.append(
                    Span.model_validate(
                        {
                            "event_id": e.event_id,
                            "role": role,
                            "start": start,
                            "end": end,
                            "text": text,
                            "code": code,
                            "label": label,
                        }
                    )
                )
    return out
