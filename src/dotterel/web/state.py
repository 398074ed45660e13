"""What the handlers share (``WebState``) and the dependencies that hand it to them."""

from __future__ import annotations

import hmac
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from dotterel.coding.coder import Coder
from dotterel.inputs.readers import language_problem
from dotterel.records import Article, Event
from dotterel.settings import TOKEN_ENV
from dotterel.store.database import Store
from dotterel.web.errors import bad_field

NO_TOKEN = (
    "writing is disabled: this server has no token; start it with `dotterel serve --token "
    f"TOKEN` or set ${TOKEN_ENV}, then send `Authorization: Bearer TOKEN`"
)


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

    def code_texts(self, articles: list[Article]) -> list[list[Event]]:
        """Code articles with the one loaded model (call on the coding thread)."""
        return [found for _, found in self.coder.code_articles(articles)]

    def check(self, field: str, text: str) -> None:
        """Refuse text that is too long or not English, as the CLI does."""
        limit = self.coder.settings.max_chars
        if len(text) > limit:
            raise bad_field(
                field, f"text too long: {len(text):,} characters, the limit is {limit:,}"
            )
        problem = language_problem(text)
        if problem:
            raise bad_field(field, problem)


def get_state(request: Request) -> WebState:
    """The application's ``WebState`` (set by ``create_app``)."""
    state: WebState = request.app.state.web
    return state


State = Annotated[WebState, Depends(get_state)]
_BEARER = HTTPBearer(auto_error=False, description=f"The server's --token (or ${TOKEN_ENV})")


def writer(
    state: State,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> None:
    """Let the request write only with the server's bearer token."""
    if state.token is None:
        raise HTTPException(403, NO_TOKEN)
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), state.token.encode()):
        challenge = {"WWW-Authenticate": "Bearer"}
        raise HTTPException(401, "a valid bearer token is needed to write", challenge)
