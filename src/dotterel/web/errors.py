"""Errors and middleware: the body limit, the ``{"error": ...}`` handlers, security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dotterel.web.schemas import ErrorBody

# The error answers each kind of route documents in the OpenAPI schema.
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


def not_found(what: str) -> dict[int | str, dict[str, Any]]:
    """The errors of a route that looks one thing up: bad input, or no such ``what``."""
    return {**ERRORS, 404: {"model": ErrorBody, "description": f"No such {what}"}}


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


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: no MIME sniffing and no referrer, on every answer."""
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def _field(error: dict[str, Any]) -> str:
    """A validation error's location as ``body.articles.0.text`` or ``query.since``."""
    loc: Sequence[Any] = error.get("loc", ())
    if error.get("type") == "json_invalid":
        loc = loc[:1]  # the rest is a character position, not a field
    return ".".join(str(part) for part in loc)


async def invalid(request: Request, exc: Exception) -> Response:
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


async def http_error(request: Request, exc: Exception) -> Response:
    """Any HTTP error as ``{"error": ...}``."""
    assert isinstance(exc, HTTPException)
    # FastAPI answers 400 only for a body it cannot read (not UTF-8 or not JSON).
    field = {400: "body", 401: "authorization", 403: "authorization"}.get(exc.status_code)
    body = ErrorBody(error=str(exc.detail), field=field)
    return JSONResponse(body.model_dump(), exc.status_code, headers=exc.headers)


def bad_field(field: str, message: str) -> RequestValidationError:
    """A 422 for a field that passed the schema but not dotterel's checks."""
    error = {"loc": tuple(field.split(".")), "msg": message, "type": "value_error"}
    return RequestValidationError([error])
