"""``/v1/stats``: the dashboard's charts, a timeline per period and the busiest dyads."""

from __future__ import annotations

from fastapi import APIRouter

from dotterel.web.errors import ERRORS
from dotterel.web.params import Filters, Period, Top
from dotterel.web.schemas import DyadRow, Dyads, Timeline, TimelineRow
from dotterel.web.state import State

router = APIRouter(tags=["stats"], responses=ERRORS)


@router.get("/v1/stats/timeline", response_model=Timeline)
def timeline(filters: Filters, state: State, by: Period = "week") -> Timeline:
    """Grouped events, mentions and mean Goldstein score per period and quad class."""
    with state.store_lock:
        rows = state.store.timeline(by, filters)
    return Timeline(by=by, rows=[TimelineRow.model_validate(r) for r in rows])


@router.get("/v1/stats/dyads", response_model=Dyads)
def dyads(filters: Filters, state: State, top: Top = 20) -> Dyads:
    """The busiest actor-recipient pairs by grouped events."""
    with state.store_lock:
        rows = state.store.dyads(top, filters)
    return Dyads(rows=[DyadRow.model_validate(r) for r in rows])
