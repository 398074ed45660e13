"""The query parameters the routes share, and the event filter built from them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from dotterel.records import PLOVER_TYPES
from dotterel.store.database import PERIODS, EventFilter
from dotterel.web.schemas import IsoDate

MAX_PAGE = 500

Code = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9]*$")]
EventType = Annotated[Literal[PLOVER_TYPES] | None, Query()]  # type: ignore[valid-type]
Day = Annotated[IsoDate | None, Query(description="YYYY-MM-DD")]
Country = Annotated[
    str | None, Query(max_length=3, pattern=r"^[A-Za-z]*$", description="ISO-3 code")
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
Period = Annotated[Literal[PERIODS], Query()]  # type: ignore[valid-type]
Top = Annotated[int, Query(ge=1, le=200)]


def event_filter(
    actor: Code = None,
    recipient: Code = None,
    type: EventType = None,  # noqa: A002 - the CLI's and the API's name
    since: Day = None,
    until: Day = None,
) -> EventFilter:
    """The CLI's filters as query parameters."""
    return EventFilter(
        actor=actor or None,
        recipient=recipient or None,
        event_type=type,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )


Filters = Annotated[EventFilter, Depends(event_filter)]
