"""``/v1/events``: stored event mentions, a filtered page at a time or one by id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException

from dotterel.store.database import row_to_event
from dotterel.web.errors import ERRORS, not_found
from dotterel.web.params import Country, Filters, Limit, Offset
from dotterel.web.schemas import EventItem, EventPage
from dotterel.web.state import State

router = APIRouter(tags=["store"])


def _item(row: dict[str, Any]) -> EventItem:
    """A stored mention row as an API item."""
    return EventItem.model_validate(
        {
            "event": row_to_event(row).to_dict(),
            "article_id": row["article_hash"],
            "group_id": row.get("group_id"),
            "num_mentions": row.get("num_mentions"),
            "num_sources": row.get("num_sources"),
            "source": row.get("source"),
            "published": row.get("published"),
        }
    )


@router.get("/v1/events", response_model=EventPage, responses=ERRORS)
def events(
    filters: Filters,
    state: State,
    country: Country = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventPage:
    """Stored event mentions, filtered as on the command line, a page at a time."""
    with state.store_lock:
        rows, total = state.store.event_page(filters, limit, offset, country or None)
    return EventPage(total=total, limit=limit, offset=offset, items=[_item(r) for r in rows])


@router.get("/v1/events/{event_id}", response_model=EventItem, responses=not_found("event"))
def event(
    event_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{20}$")], state: State
) -> EventItem:
    """One stored event mention by its ``event_id``."""
    with state.store_lock:
        row = state.store.event(event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id}")
    return _item(row)
