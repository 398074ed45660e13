"""The typed records that flow through dotterel: articles in, events out.

Every result is a frozen dataclass whose ``to_dict()`` gives the one JSON shape
published as ``schema/event.schema.json``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "reported")


@dataclass(frozen=True)
class Article:
    """One input document: the unit the coder works on."""

    text: str
    id: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None

    @property
    def doc_id(self) -> str:
        """The article's id, or a content hash when it has none."""
        if self.id:
            return str(self.id)
        return "sha1-" + hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Actor:
    """An actor or recipient: its words, its normalized name and its code."""

    text: str
    name: str
    country: str | None
    sector: str | None
    start: int
    end: int

    @property
    def code(self) -> str:
        """Country plus sector, e.g. ``RUSGOV``; empty parts are left out."""
        return (self.country or "") + (self.sector or "")

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of an actor."""
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "code": self.code,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        """Rebuild an actor from its JSON shape."""
        return cls(d["text"], d["name"], d["country"], d["sector"], d["start"], d["end"])


@dataclass(frozen=True)
class Location:
    """Where an event happened, from the offline gazetteer."""

    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a location."""
        return asdict(self)


@dataclass(frozen=True)
class Trigger:
    """The words that carry the action."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a trigger."""
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """One coded event: who did what to whom, when and where, with its evidence."""

    doc_id: str
    sentence: int
    sentence_text: str
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo: str
    quad_class: int
    goldstein: float
    actor: Actor
    recipient: Actor | None
    date: str | None
    date_text: str | None
    location: Location | None
    modality: str
    trigger: Trigger
    confidence: float
    # Provenance for error analysis: which lexicon entry produced the event.
    # Not part of the JSON contract's required keys, but kept in it as "source".
    rule: str = field(default="", compare=False)

    @property
    def event_id(self) -> str:
        """A stable id: the same input always gives the same id."""
        key = "|".join(
            [
                self.doc_id,
                str(self.sentence),
                self.event_type,
                str(self.trigger.start),
                str(self.actor.start),
                self.actor.code,
                str(self.recipient.start if self.recipient else -1),
                self.recipient.code if self.recipient else "",
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, Any]:
        """The event as the JSON record of the contract."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "sentence_text": self.sentence_text,
            "event_type": self.event_type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "actor": self.actor.to_dict(),
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "date": self.date,
            "date_text": self.date_text,
            "location": self.location.to_dict() if self.location else None,
            "modality": self.modality,
            "trigger": self.trigger.to_dict(),
            "confidence": self.confidence,
            "rule": self.rule,
        }

    def to_json(self) -> str:
        """The event as one line of JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """Rebuild an event from its JSON record."""
        loc = d.get("location")
        rec = d.get("recipient")
        return cls(
            doc_id=d["doc_id"],
            sentence=d["sentence"],
            sentence_text=d["sentence_text"],
            event_type=d["event_type"],
            mode=d["mode"],
            contexts=tuple(d["contexts"]),
            cameo=d["cameo"],
            quad_class=d["quad_class"],
            goldstein=d["goldstein"],
            actor=Actor.from_dict(d["actor"]),
            recipient=Actor.from_dict(rec) if rec else None,
            date=d["date"],
            date_text=d["date_text"],
            location=Location(**loc) if loc else None,
            modality=d["modality"],
            trigger=Trigger(**d["trigger"]),
            confidence=d["confidence"],
            rule=d.get("rule", ""),
        )
