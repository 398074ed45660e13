"""``create_app``: the FastAPI application, its middleware and error handlers, and its routers."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from dotterel.coding.coder import Coder, coder_version
from dotterel.settings import DEFAULT_MAX_BODY, Settings
from dotterel.store.database import Store, open_store
from dotterel.version import __version__
from dotterel.web.errors import BodyLimit, http_error, invalid, security_headers
from dotterel.web.routers import ROUTERS
from dotterel.web.state import WebState

DESCRIPTION = "Political event coding (PLOVER) over HTTP: code text, store it, query it."


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, let the coding thread finish, then close the store."""
    yield
    state: WebState = app.state.web
    state.coding.shutdown(wait=True)
    with state.store_lock:
        state.store.close()


def create_app(
    settings: Settings,
    store_path: str | Path,
    token: str | None = None,
    *,
    coder: Coder | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    cors_origins: Sequence[str] = (),
    store: Store | None = None,
) -> FastAPI:
    """The dashboard and API over the store at ``store_path``, or over an open ``store`` (a
    lake's, read-only); the model loads here, once."""
    coder = coder or Coder.load(settings)
    store = store if store is not None else open_store(store_path)
    coding = ThreadPoolExecutor(1, thread_name_prefix="dotterel-coder")
    state = WebState(
        coder, store, token or None, coder_version(coder.settings), coding, threading.Lock()
    )
    app = FastAPI(
        lifespan=_lifespan,
        # /docs is served by routers.pages from the swagger-ui-bundle package: works offline.
        docs_url=None,
        redoc_url=None,
        title="dotterel",
        version=__version__,
        description=DESCRIPTION,
    )
    app.state.web = state
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    # The last added runs first: security headers, then CORS, then the body limit.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.middleware("http")(security_headers)
    for router in ROUTERS:
        app.include_router(router)
    return app
