"""Small hand-made events for the store tests."""

from __future__ import annotations

from dotterel.records import Actor, Event, Trigger


def make_event(
    doc: str,
    kind: str = "THREATEN",
    actor: str = "RUS",
    recipient: str | None = "SYR",
    day: str | None = "2011-08-30",
    sentence: int = 0,
) -> Event:
    """A small event for grouping and filter tests."""
    who = Actor(actor, actor, actor[:3], actor[3:] or None, 0, 6)
    whom = Actor(recipient, recipient, recipient[:3], None, 20, 25) if recipient else None
    return Event(
        doc,
        sentence,
        "s",
        kind,
        None,
        (),
        "130",
        3,
        -4.4,
        who,
        whom,
        day,
        None,
        None,
        "asserted",
        Trigger("threatened", 7, 17),
        0.9,
    )
