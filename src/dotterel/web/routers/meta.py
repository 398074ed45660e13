"""``/healthz``: the server's versions and the store's counts."""

from __future__ import annotations

from fastapi import APIRouter

from dotterel.version import __version__
from dotterel.web.schemas import Health
from dotterel.web.state import State

router = APIRouter(tags=["meta"])


@router.get("/healthz", response_model=Health)
def healthz(state: State) -> Health:
    """Liveness: versions and the store's counts."""
    with state.store_lock:
        counts = state.store.counts()
    return Health(
        status="ok",
        version=__version__,
        coder_version=state.version,
        writable=state.token is not None,
        store=counts,
    )
