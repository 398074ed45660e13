"""The HTTP API and the dashboard: FastAPI over one loaded coder and one open store."""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dotterel.coding.coder import Coder, coder_version
from dotterel.inputs.readers import language_problem
from dotterel.inputs.sources import article_source
from dotterel.records import PLOVER_TYPES, Article, Event
from dotterel.settings import DEFAULT_MAX_BODY, TOKEN_ENV, Settings
from dotterel.store.database import (
    PERIODS,
    EventFilter,
    Store,
    content_hash,
    open_store,
    row_to_event,
)
from dotterel.version import __version__
from dotterel.web.schemas import (
    ArticleOut,
    CodeRequest,
    CodeResponse,
    DyadRow,
    Dyads,
    ErrorBody,
    EventItem,
    EventPage,
    Health,
    IngestedArticle,
    IngestRequest,
    IngestResponse,
    IsoDate,
    Timeline,
    TimelineRow,
    spans,
)

MAX_PAGE = 500
# The dashboard's own files; plotly.js comes from the installed plotly package.
STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
NO_TOKEN = (
    "writing is disabled: this server has no token; start it with `dotterel serve --token "
    f"TOKEN` or set ${TOKEN_ENV}, then send `Authorization: Bearer TOKEN`"
)

Code = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9]*$")]
EventType = Annotated[Literal[PLOVER_TYPES] | None, Query()]  # type: ignore[valid-type]
Day = Annotated[IsoDate | None, Query(description="YYYY-MM-DD")]
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody, "description": "Bad input"}}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"model": ErrorBody, "description": "The body is not JSON (or not UTF-8)"},
    413: {"model": ErrorBody, "description": "Request body too large"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **BODY_ERRORS,
    401: {"model": ErrorBody, "description": "No or wrong bearer token"},
    403: {"model": ErrorBody, "description": "Writing is disabled (no token configured)"},
}


@dataclass(frozen=True)
class WebState:
    """What the handlers share: the coder and its one worker thread, the store and its lock."""

    coder: Coder
    store: Store
    token: str | None
    version: str
    # Coding runs on one thread of its own: waiting requests hold no thread of the server's
    # pool (reads go on), and the spaCy pipeline is never used by two threads at once.
    coding: ThreadPoolExecutor
    store_lock: threading.Lock


class BodyLimit:
    """ASGI middleware: refuse request bodies above ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        """Wrap ``app``."""
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            status, message = (413, self._message) if declared.isdigit() else (400, None)
            body = ErrorBody(
                error=message() if message else "bad Content-Length header",
                field="content-length",
            ).model_dump_json()
            response = Response(body, status, media_type="application/json")
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        """The 413 message."""
        return f"request body too large: the limit is {self.max_bytes:,} bytes"


def _field(error: dict[str, Any]) -> str:
    """A validation error's location as ``body.articles.0.text`` or ``query.since``."""
    loc: Sequence[Any] = error.get("loc", ())
    if error.get("type") == "json_invalid":
        loc = loc[:1]  # the rest is a character position, not a field
    return ".".join(str(part) for part in loc)


async def _invalid(request: Request, exc: Exception) -> Response:
    """422 naming the first bad field."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field(e), "message": e.get("msg", ""), "type": e.get("type")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": None, "message": "invalid request"}
    body = ErrorBody(
        error=f"{first['field']}: {first['message']}", field=first["field"], errors=errors
    )
    return JSONResponse(body.model_dump(), 422)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Any HTTP error as ``{"error": ...}``."""
    assert isinstance(exc, HTTPException)
    # FastAPI answers 400 only for a body it cannot read (not UTF-8 or not JSON).
    field = {400: "body", 401: "authorization", 403: "authorization"}.get(exc.status_code)
    body = ErrorBody(error=str(exc.detail), field=field)
    return JSONResponse(body.model_dump(), exc.status_code, headers=exc.headers)


def _bad(field: str, message: str) -> RequestValidationError:
    """A 422 for a field that passed the schema but not dotterel's checks."""
    error = {"loc": tuple(field.split(".")), "msg": message, "type": "value_error"}
    return RequestValidationError([error])


# Swagger UI's files, served from the swagger-ui-bundle package for an offline /docs.
SWAGGER_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


def _package_file(package: str, *parts: str) -> Path:
    """A file shipped inside an installed package."""
    return Path(str(resources.files(package).joinpath(*parts)))


def _filter(
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


Filters = Annotated[EventFilter, Depends(_filter)]
_BEARER = HTTPBearer(auto_error=False, description="The server's --token (or $DOTTEREL_TOKEN)")


def _writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> None:
    """Let the request write only with the server's bearer token."""
    token = request.app.state.web.token
    if token is None:
        raise HTTPException(403, NO_TOKEN)
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        challenge = {"WWW-Authenticate": "Bearer"}
        raise HTTPException(401, "a valid bearer token is needed to write", challenge)


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


def create_app(
    settings: Settings,
    store_path: str | Path,
    token: str | None = None,
    *,
    coder: Coder | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """The dashboard and API over the store at ``store_path`` (the model loads here, once)."""
    coder = coder or Coder.load(settings)
    store = open_store(store_path)
    version = coder_version(coder.settings)
    coding = ThreadPoolExecutor(1, thread_name_prefix="dotterel-coder")
    state = WebState(coder, store, token or None, version, coding, threading.Lock())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        coding.shutdown(wait=True)
        with state.store_lock:
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        # /docs is served below from the swagger-ui-bundle package: no CDN, works offline.
        docs_url=None,
        redoc_url=None,
        title="dotterel",
        version=__version__,
        description="Political event coding (PLOVER) over HTTP: code text, store it, query it.",
    )
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def code_texts(articles: list[Article]) -> list[list[Event]]:
        """Code articles with the one loaded model (call on the coding thread)."""
        return [found for _, found in state.coder.code_articles(articles)]

    def check(field: str, text: str) -> None:
        """Refuse text that is too long or not English, as the CLI does."""
        limit = state.coder.settings.max_chars
        if len(text) > limit:
            raise _bad(field, f"text too long: {len(text):,} characters, the limit is {limit:,}")
        problem = language_problem(text)
        if problem:
            raise _bad(field, problem)

    # -- the page ------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return FileResponse(
            _package_file("dotterel.web", "static", "index.html"),
            media_type="text/html",
            headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"},
        )

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name == "plotly.min.js":
            path = _package_file("plotly", "package_data", "plotly.min.js")
            kind = "text/javascript"
        elif name in STATIC_FILES:
            path, kind = _package_file("dotterel.web", "static", name), STATIC_FILES[name]
        else:
            raise HTTPException(404, f"no static file {name!r}")
        return FileResponse(path, media_type=kind, headers={"Cache-Control": "max-age=3600"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="dotterel API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    @app.get("/static/swagger/{name}", include_in_schema=False)
    def swagger_static(name: str) -> Response:
        import swagger_ui_bundle

        if name not in SWAGGER_FILES:
            raise HTTPException(404, f"no static file {name!r}")
        path = Path(swagger_ui_bundle.swagger_ui_path) / name
        return FileResponse(path, media_type=SWAGGER_FILES[name],
                            headers={"Cache-Control": "max-age=3600"})

    # -- the API -------------------------------------------------------------------------

    @app.get("/healthz", response_model=Health, tags=["meta"])
    def healthz() -> Health:
        """Liveness: versions and the store's counts."""
        with state.store_lock:
            counts = store.counts()
        return Health(
            status="ok",
            version=__version__,
            coder_version=state.version,
            writable=state.token is not None,
            store=counts,
        )

    @app.post("/v1/code", response_model=CodeResponse, responses=BODY_ERRORS, tags=["code"])
    async def code(body: CodeRequest) -> CodeResponse:
        """Code one article's text into events; nothing is stored."""
        published = body.published.isoformat() if body.published else None
        article = Article(text=body.text, id=body.id, published=published)

        def work() -> list[Event]:
            check("body.text", body.text)
            return code_texts([article])[0]

        found = await asyncio.wrap_future(coding.submit(work))
        records = [e.to_dict() for e in found]
        return CodeResponse.model_validate(
            {"doc_id": article.doc_id, "events": records, "spans": spans(found)}
        )

    @app.post(
        "/v1/articles",
        response_model=IngestResponse,
        responses=WRITE_ERRORS,
        dependencies=[Depends(_writer)],
        tags=["store"],
    )
    def add_articles(body: IngestRequest) -> IngestResponse:
        """Code articles and store them (needs the bearer token); stored texts are skipped."""
        articles = []
        for i, item in enumerate(body.articles):
            check(f"body.articles.{i}.text", item.text)
            published = item.published.isoformat() if item.published else None
            articles.append(Article(item.text, item.id, published, item.title, item.url))
        keys = [content_hash(a.text) for a in articles]
        with state.store_lock:
            known = store.known(keys)
        fresh = {k: a for k, a in zip(keys, articles, strict=True) if k not in known}
        coded = coding.submit(code_texts, list(fresh.values())).result()
        batch = [
            (a, found, article_source(a, "api", body.source), "api")
            for a, found in zip(fresh.values(), coded, strict=True)
        ]
        with state.store_lock:
            stored = store.add(batch, state.version) if batch else 0
            groups = store.regroup(store.group_window()) if stored else store.counts()["groups"]
        counts = {k: len(found) for k, found in zip(fresh, coded, strict=True)}
        listed = [
            IngestedArticle(id=k, doc_id=a.doc_id, stored=k in counts, events=counts.get(k, 0))
            for k, a in zip(keys, articles, strict=True)
        ]
        return IngestResponse(
            stored=stored,
            skipped=len(articles) - len(fresh),
            events=sum(counts.values()),
            groups=groups,
            articles=listed,
        )

    @app.get("/v1/events", response_model=EventPage, responses=ERRORS, tags=["store"])
    def events(
        filters: Filters,
        country: Annotated[
            str | None, Query(max_length=3, pattern=r"^[A-Za-z]*$", description="ISO-3 code")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> EventPage:
        """Stored event mentions, filtered as on the command line, a page at a time."""
        with state.store_lock:
            rows, total = store.event_page(filters, limit, offset, country or None)
        return EventPage(total=total, limit=limit, offset=offset, items=[_item(r) for r in rows])

    @app.get(
        "/v1/events/{event_id}",
        response_model=EventItem,
        responses={**ERRORS, 404: {"model": ErrorBody, "description": "No such event"}},
        tags=["store"],
    )
    def event(event_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{20}$")]) -> EventItem:
        """One stored event mention by its ``event_id``."""
        with state.store_lock:
            row = store.event(event_id)
        if row is None:
            raise HTTPException(404, f"no event {event_id}")
        return _item(row)

    @app.get(
        "/v1/articles/{article_id}",
        response_model=ArticleOut,
        responses={**ERRORS, 404: {"model": ErrorBody, "description": "No such article"}},
        tags=["store"],
    )
    def article(article_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]) -> ArticleOut:
        """A stored article (by its key, a SHA-256 of the text) with its events' spans."""
        with state.store_lock:
            found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        stored, rows = found
        records = rows.to_events()
        a = stored.article
        return ArticleOut.model_validate(
            {
                "id": stored.hash,
                "doc_id": a.doc_id,
                "title": a.title,
                "url": a.url,
                "published": a.published,
                "source": stored.source,
                "text": a.text,
                "events": [e.to_dict() for e in records],
                "spans": spans(records),
            }
        )

    @app.get("/v1/stats/timeline", response_model=Timeline, responses=ERRORS, tags=["stats"])
    def timeline(
        filters: Filters,
        by: Annotated[Literal[PERIODS], Query()] = "week",  # type: ignore[valid-type]
    ) -> Timeline:
        """Grouped events, mentions and mean Goldstein score per period and quad class."""
        with state.store_lock:
            rows = store.timeline(by, filters)
        return Timeline(by=by, rows=[TimelineRow.model_validate(r) for r in rows])

    @app.get("/v1/stats/dyads", response_model=Dyads, responses=ERRORS, tags=["stats"])
    def dyads(filters: Filters, top: Annotated[int, Query(ge=1, le=200)] = 20) -> Dyads:
        """The busiest actor-recipient pairs by grouped events."""
        with state.store_lock:
            rows = store.dyads(top, filters)
        return Dyads(rows=[DyadRow.model_validate(r) for r in rows])

    app.state.web = state
    return app
